package dev.clerksync.adapter.clerk.testevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClerkTestEventTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final ClerkWebhookEventParserAdapter parser = new ClerkWebhookEventParserAdapter();

    private WebhookEvent verifiedAndParsed(SignedTestEvent signed) {
        var verified = SvixWebhookVerificationAdapter.fromSetting(Optional.of(SvixTestSigner.TEST_SECRET))
                .verify(new SignedWebhook(signed.event().body(), signed.headers()));
        assertThat(verified.deliveryId().value()).isEqualTo(signed.messageId());
        return parser.parse(verified.body());
    }

    @Test
    void aCreatedEventVerifiesUnderTheSecretAndReadsAsTheUserItNames() {
        var user = ClerkTestEvent.newUserId();
        var event = ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, user, Optional.of(new EmailAddress("ada@example.com")), NOW);

        var parsed = verifiedAndParsed(new ClerkTestEventSigner(SvixTestSigner.TEST_SECRET).sign(event, Instant.now()));

        assertThat(parsed.type()).isEqualTo("user.created");
        var snapshot = (UserChange.Snapshot) ((WebhookEvent.UserChanged) parsed).change();
        assertThat(snapshot.userId()).isEqualTo(user);
        assertThat(snapshot.profile().email()).contains(new EmailAddress("ada@example.com"));
        assertThat(snapshot.profile().name()).contains("Ada Lovelace");
        assertThat(snapshot.profile().updatedAt()).isEqualTo(NOW);
        assertThat(snapshot.profile().createdAt()).isEqualTo(NOW);
    }

    @Test
    void anUpdatedEventRenamesTheUserAndKeepsTheAddressIdsOfTheCreatedOne() {
        var user = new ClerkUserId("user_2hCa3WqLrT8sVn6yPb1dXk4mZeQ");
        var created = json(ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, user, Optional.empty(), NOW));
        var updatedEvent = ClerkTestEvent.of(ClerkTestEventType.USER_UPDATED, user, Optional.empty(), NOW.plusSeconds(5));
        var updated = json(updatedEvent);

        var snapshot = (UserChange.Snapshot) ((WebhookEvent.UserChanged) parser.parse(updatedEvent.body())).change();
        assertThat(snapshot.profile().name()).contains("Ada King");
        assertThat(snapshot.profile().email()).contains(new EmailAddress("ada.lovelace+dxk4mzeq@example.com"));
        assertThat(snapshot.profile().updatedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(updated.at("/data/primary_email_address_id")).isEqualTo(created.at("/data/primary_email_address_id"));
        assertThat(updated.at("/data/external_accounts/0/id")).isEqualTo(created.at("/data/email_addresses/0/linked_to/0/id"));
    }

    @Test
    void aDeletedEventIsClerksDeletedObject() {
        var user = ClerkTestEvent.newUserId();
        var event = ClerkTestEvent.of(ClerkTestEventType.USER_DELETED, user, Optional.empty(), NOW);

        var parsed = verifiedAndParsed(new ClerkTestEventSigner(SvixTestSigner.TEST_SECRET).sign(event, Instant.now()));

        assertThat(((WebhookEvent.UserChanged) parsed).change()).isEqualTo(new UserChange.Deletion(user, NOW));
        assertThat(json(event).get("data").propertyNames()).containsExactlyInAnyOrder("deleted", "id", "object");
    }

    @Test
    void aUserEventHasTheFieldsOfClerksOwnUserObjectAndItsSize() {
        var event = json(ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, ClerkTestEvent.newUserId(), Optional.empty(), NOW));
        var clerks = ClerkFixtures.tree("clerk/user.created.json");

        assertThat(new TreeSet<>(event.propertyNames())).isEqualTo(new TreeSet<>(clerks.propertyNames()));
        assertThat(new TreeSet<>(event.get("data").propertyNames())).isEqualTo(new TreeSet<>(clerks.get("data").propertyNames()));
        assertThat(new TreeSet<>(event.at("/data/email_addresses/0").propertyNames()))
                .isEqualTo(new TreeSet<>(clerks.at("/data/email_addresses/0").propertyNames()));
        assertThat(new TreeSet<>(event.at("/data/external_accounts/0").propertyNames()))
                .isEqualTo(new TreeSet<>(clerks.at("/data/external_accounts/0").propertyNames()));
        assertThat(ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, ClerkTestEvent.newUserId(), Optional.empty(), NOW).body())
                .hasSizeBetween(2_000, 3_500);
    }

    @Test
    void everySigningHasAFreshMessageIdAndEveryNewUserAFreshId() {
        var signer = new ClerkTestEventSigner(SvixTestSigner.TEST_SECRET);
        var event = ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, ClerkTestEvent.newUserId(), Optional.empty(), NOW);

        assertThat(signer.sign(event, NOW).messageId()).matches("msg_[0-9A-Za-z]{27}").isNotEqualTo(signer.sign(event, NOW).messageId());
        assertThat(ClerkTestEvent.newUserId().value()).matches("user_[0-9A-Za-z]{27}").isNotEqualTo(ClerkTestEvent.newUserId().value());
    }

    @Test
    void anyBodyCanBeSignedSuchAsAnEventTypeClerksyncIgnores() {
        var body = "{\"data\":{\"id\":\"sess_1\",\"object\":\"session\"},\"object\":\"event\",\"type\":\"session.created\"}";
        var signer = new ClerkTestEventSigner(SvixTestSigner.TEST_SECRET);

        var headers = signer.headers(body, Instant.now());

        assertThat(headers.keySet()).containsExactly("svix-id", "svix-timestamp", "svix-signature");
        assertThat(headers.get("svix-id")).startsWith("msg_").isNotEqualTo(signer.headers(body, Instant.now()).get("svix-id"));
        var verified = SvixWebhookVerificationAdapter.fromSetting(Optional.of(SvixTestSigner.TEST_SECRET))
                .verify(new SignedWebhook(body, headers));
        assertThat(verified.deliveryId().value()).isEqualTo(headers.get("svix-id"));
        assertThat(parser.parse(verified.body())).isInstanceOf(WebhookEvent.Ignored.class);
    }

    @Test
    void aSecretTheServiceWouldRefuseIsRefusedWithTheServicesMessage() {
        assertThatThrownBy(() -> new ClerkTestEventSigner("whsec_not base64!"))
                .isInstanceOf(InvalidClerkSettingException.class)
                .hasMessageContaining("CLERK_WEBHOOK_SIGNING_SECRET is not base64");
    }

    private static JsonNode json(ClerkTestEvent event) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(event.body());
    }
}
