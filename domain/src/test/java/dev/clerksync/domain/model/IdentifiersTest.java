package dev.clerksync.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void acceptsAClerkUserId() {
        assertThat(new ClerkUserId("user_29w83sxmDNGwOuEthce5gg56FcC").value()).isEqualTo("user_29w83sxmDNGwOuEthce5gg56FcC");
    }

    @Test
    void rejectsBlankPaddedOrOverlongUserIds() {
        assertThatThrownBy(() -> new ClerkUserId(" ")).isInstanceOf(InvalidUserDataException.class);
        assertThatThrownBy(() -> new ClerkUserId(" user_1")).isInstanceOf(InvalidUserDataException.class);
        assertThatThrownBy(() -> new ClerkUserId("u".repeat(256))).isInstanceOf(InvalidUserDataException.class);
    }

    @Test
    void acceptsAnEmailAddressUpTo320CharactersAndRejectsLongerOnesThatTheUniqueIndexCouldNotHold() {
        String local = "a".repeat(64) + "@";
        String longest = local + "d".repeat(EmailAddress.MAX_LENGTH - local.length());

        assertThat(new EmailAddress(longest).value()).hasSize(320);
        assertThatThrownBy(() -> new EmailAddress(longest + "x"))
                .isInstanceOf(InvalidUserDataException.class)
                .hasMessage("email address is longer than 320 characters");
    }

    @Test
    void rejectsBlankOrOverlongDeliveryIds() {
        assertThatThrownBy(() -> new DeliveryId("")).isInstanceOf(InvalidUserDataException.class);
        assertThatThrownBy(() -> new DeliveryId("m".repeat(256))).isInstanceOf(InvalidUserDataException.class);
    }

    @Test
    void looksUpWebhookHeadersIgnoringCaseAndTreatsWhiteSpaceAsMissing() {
        var webhook = new SignedWebhook("{}", Map.of("Svix-Id", " msg_1 ", "SVIX-TIMESTAMP", "  \t "));

        assertThat(webhook.header("svix-id")).contains("msg_1");
        assertThat(webhook.header("svix-timestamp")).isEmpty();
        assertThat(webhook.header("svix-signature")).isEmpty();
    }
}
