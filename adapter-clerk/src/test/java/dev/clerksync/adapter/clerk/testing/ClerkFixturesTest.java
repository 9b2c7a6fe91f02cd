package dev.clerksync.adapter.clerk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.SignedDeliveries.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ClerkFixturesTest {

    static Stream<Delivery> deliveries() {
        return ClerkFixtures.signedDeliveries().deliveries().stream();
    }

    @Test
    void readsAFixtureAsTheExactUtf8TextOfTheFile() {
        String unicode = ClerkFixtures.userCreatedUnicodeName();

        assertThat(unicode).contains("\"first_name\": \"Zo\u00eb\"").endsWith("}\n");
        assertThat(ClerkFixtures.read(ClerkFixtures.USER_CREATED_UNICODE_NAME)).isEqualTo(unicode);
    }

    @Test
    void namesAFixtureThatDoesNotExist() {
        assertThatThrownBy(() -> ClerkFixtures.read("clerk/nope.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/fixtures/clerk/nope.json");
    }

    @ParameterizedTest
    @MethodSource("deliveries")
    void theCompactFormOfEachFixtureIsTheBodyTheSignedDeliverySigns(Delivery delivery) {
        String compact = ClerkFixtures.compact(delivery.fixture());

        assertThat(compact).isEqualTo(delivery.body());
        assertThat(compact.getBytes(StandardCharsets.UTF_8)).hasSize(delivery.bodyUtf8Bytes());
    }

    @Test
    void loadsBothSecretsEightDeliveriesAndTheNegativeCases() {
        var deliveries = ClerkFixtures.signedDeliveries();

        assertThat(deliveries.secretA()).startsWith("whsec_");
        assertThat(deliveries.secretB()).startsWith("whsec_").isNotEqualTo(deliveries.secretA());
        assertThat(deliveries.deliveries()).hasSize(8);
        assertThat(deliveries.negative()).containsOnlyKeys("retrySameMsgId", "tamperedBody", "reserializedBody", "charsetTrap");
        assertThat(deliveries.deliveries().get(0).signedAt()).isEqualTo(Instant.ofEpochSecond(1716883201L));
    }

    @Test
    void anEventBodyReplacesOnlyTheFieldsAskedFor() {
        Instant updatedAt = Instant.parse("2026-01-01T00:00:00.123Z");
        String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED)
                .type("user.updated")
                .userId("user_replaced")
                .updatedAt(updatedAt)
                .timestamp(updatedAt)
                .toJson();

        JsonNode changed = ClerkFixtures.JSON.readTree(body);
        JsonNode original = ClerkFixtures.tree(ClerkFixtures.USER_CREATED);

        assertThat(changed.path("type").stringValue()).isEqualTo("user.updated");
        assertThat(changed.at("/data/id").stringValue()).isEqualTo("user_replaced");
        assertThat(changed.at("/data/updated_at").longValue()).isEqualTo(updatedAt.toEpochMilli());
        assertThat(changed.path("timestamp").longValue()).isEqualTo(updatedAt.toEpochMilli());
        assertThat(changed.at("/data/email_addresses")).isEqualTo(original.at("/data/email_addresses"));
        assertThat(body).doesNotContain("\n").doesNotContain(": ");
    }

    @Test
    void primaryEmailReplacesTheAddressOfThePrimaryElementNotTheFirst() {
        String body = ClerkFixtures.event(ClerkFixtures.USER_CREATED_PRIMARY_NOT_FIRST).primaryEmail("new@example.com").toJson();

        JsonNode addresses = ClerkFixtures.JSON.readTree(body).at("/data/email_addresses");

        assertThat(addresses).hasSize(2);
        assertThat(addresses.get(0).path("email_address").stringValue()).isEqualTo("g.hopper@old-employer.example.org");
        assertThat(addresses.get(1).path("email_address").stringValue()).isEqualTo("new@example.com");
    }

    @Test
    void refusesAPointerWhoseParentIsMissing() {
        assertThatThrownBy(() -> ClerkFixtures.event(ClerkFixtures.USER_CREATED).set("/data/nope/field", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
