package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkEventBody;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.StoredUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The webhook endpoint end to end: signed HTTP deliveries into the running service, rows read back
 * from PostgreSQL. Each test works on its own users, so they share one service and database.
 */
class WebhookEndToEndTest {

    private static final SvixTestSigner SIGNER = RunningServiceExtension.SIGNER;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @RegisterExtension
    static final RunningServiceExtension RUNNING = new RunningServiceExtension();

    static String newUserId() {
        return "user_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static WebTestClient.ResponseSpec deliver(String body) {
        return RUNNING.deliver(body);
    }

    private static void expectOutcome(WebTestClient.ResponseSpec response, String outcome) {
        response.expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo(outcome);
    }

    private static Optional<StoredUser> row(String userId) {
        return RUNNING.row(userId);
    }

    private static String emailOf(String userId) {
        return row(userId).orElseThrow().email().map(EmailAddress::value).orElse(null);
    }

    private static ClerkEventBody created(String userId, String email, Instant updatedAt) {
        return ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId).primaryEmail(email)
                .createdAt(T0).updatedAt(updatedAt);
    }

    private static ClerkEventBody updated(String userId, String email, Instant updatedAt) {
        return ClerkFixtures.event(ClerkFixtures.USER_UPDATED).userId(userId).primaryEmail(email)
                .createdAt(T0).updatedAt(updatedAt);
    }

    private static ClerkEventBody deleted(String userId) {
        return ClerkFixtures.event(ClerkFixtures.USER_DELETED).userId(userId).timestamp(T0.plusSeconds(3600));
    }

    private static String unique(String local) {
        return local + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void storesAnOAuthSignUpWithItsPrimaryEmailNameAndClerkTimestamps() {
        var id = newUserId();
        var email = unique("ada");

        expectOutcome(deliver(created(id, email, T0).name("Ada", "Lovelace").username("ada").toJson()), "CREATED");

        var row = row(id).orElseThrow();
        assertThat(row.email()).contains(new EmailAddress(email));
        assertThat(row.name()).contains("Ada Lovelace");
        assertThat(row.username()).contains("ada");
        assertThat(row.imageUrl()).isPresent();
        assertThat(row.createdAt()).contains(T0);
        assertThat(row.updatedAt()).contains(T0);
        assertThat(row.deletedAt()).isEmpty();
    }

    @Test
    void takesThePrimaryEmailNotTheFirstOne() {
        var id = newUserId();
        var fixture = ClerkFixtures.tree(ClerkFixtures.USER_CREATED_PRIMARY_NOT_FIRST).path("data");
        var addresses = fixture.path("email_addresses");
        var primary = addresses.get(1).path("email_address").asString();
        assertThat(addresses.get(1).path("id")).isEqualTo(fixture.path("primary_email_address_id"));

        expectOutcome(deliver(ClerkFixtures.event(ClerkFixtures.USER_CREATED_PRIMARY_NOT_FIRST).userId(id).toJson()),
                "CREATED");

        assertThat(emailOf(id)).isEqualTo(primary).isNotEqualTo(addresses.get(0).path("email_address").asString());
    }

    @Test
    void storesAPhoneOnlyUserWithoutAnEmail() {
        var id = newUserId();

        expectOutcome(deliver(ClerkFixtures.event(ClerkFixtures.USER_CREATED_PHONE_ONLY).userId(id).toJson()), "CREATED");

        assertThat(row(id).orElseThrow().email()).isEmpty();
    }

    @Test
    void storesNoNameRatherThanTheTextNull() {
        var id = newUserId();
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED_NO_NAME).userId(id).primaryEmail(unique("noname"));

        expectOutcome(deliver(body.toJson()), "CREATED");

        assertThat(row(id).orElseThrow().name()).isEmpty();
    }

    @Test
    void keepsNonAsciiNamesExactly() {
        var id = newUserId();
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED_UNICODE_NAME).userId(id)
                .primaryEmail(unique("unicode")).name("Zoë", "Ōkubo-Łukasiewicz 李");

        expectOutcome(deliver(body.toJson()), "CREATED");

        assertThat(row(id).orElseThrow().name()).contains("Zoë Ōkubo-Łukasiewicz 李");
    }

    @Test
    void appliesUpdatesInClerksOrderWhateverTheOrderOfArrival() {
        var id = newUserId();
        var first = unique("first");
        var latest = unique("latest");

        expectOutcome(deliver(updated(id, latest, T0.plusSeconds(20)).toJson()), "CREATED");
        expectOutcome(deliver(created(id, first, T0).toJson()), "STALE");
        expectOutcome(deliver(updated(id, unique("middle"), T0.plusSeconds(10)).toJson()), "STALE");

        assertThat(emailOf(id)).isEqualTo(latest);
        assertThat(row(id).orElseThrow().updatedAt()).contains(T0.plusSeconds(20));
    }

    @Test
    void aReplayAsNewAsTheRowUnderANewDeliveryIdRepairsIt() {
        var id = newUserId();
        var email = unique("repair");
        deliver(created(id, email, T0).name("Wrong", "Name").toJson()).expectStatus().isOk();

        expectOutcome(deliver(created(id, email, T0).name("Right", "Name").toJson()), "UPDATED");

        assertThat(row(id).orElseThrow().name()).contains("Right Name");
    }

    @Test
    void aRedeliveredMessageIsAcknowledgedButNotAppliedAgain() {
        var id = newUserId();
        var original = created(id, unique("original"), T0).toJson();
        var repaired = unique("repaired");
        RUNNING.deliver("msg_redelivered_" + id, original).expectStatus().isOk();
        deliver(created(id, repaired, T0).toJson()).expectStatus().isOk();

        expectOutcome(RUNNING.deliver("msg_redelivered_" + id, original), "DUPLICATE");

        assertThat(emailOf(id)).isEqualTo(repaired);
    }

    @Test
    void aDeletedUserBecomesATombstoneThatNoLaterEventBringsBack() {
        var id = newUserId();
        deliver(created(id, unique("gone"), T0).name("Ada", "Lovelace").toJson()).expectStatus().isOk();

        expectOutcome(deliver(deleted(id).toJson()), "DELETED");
        expectOutcome(deliver(updated(id, unique("back"), T0.plusSeconds(7200)).toJson()), "ALREADY_DELETED");
        expectOutcome(deliver(deleted(id).toJson()), "ALREADY_DELETED");

        var row = row(id).orElseThrow();
        assertThat(row.deletedAt()).contains(T0.plusSeconds(3600));
        assertThat(row.email()).isEmpty();
        assertThat(row.name()).isEmpty();
        assertThat(row.username()).isEmpty();
        assertThat(row.imageUrl()).isEmpty();
    }

    @Test
    void aDeletionOfAnUnknownUserLeavesATombstoneSoALateCreateCannotResurrectIt() {
        var id = newUserId();

        expectOutcome(deliver(deleted(id).toJson()), "DELETED");
        expectOutcome(deliver(created(id, unique("late"), T0).toJson()), "ALREADY_DELETED");

        assertThat(row(id).orElseThrow().isDeleted()).isTrue();
        assertThat(row(id).orElseThrow().email()).isEmpty();
    }

    @Test
    void aDeletedUsersAddressCanBeUsedByANewUser() {
        var email = unique("reused");
        var gone = newUserId();
        var next = newUserId();
        deliver(created(gone, email, T0).toJson()).expectStatus().isOk();
        deliver(deleted(gone).toJson()).expectStatus().isOk();

        expectOutcome(deliver(created(next, email, T0).toJson()), "CREATED");

        assertThat(emailOf(next)).isEqualTo(email);
    }

    @Test
    void anAddressMovesToTheUserWithTheNewerInformation() {
        var email = unique("moved");
        var a = newUserId();
        var b = newUserId();
        var c = newUserId();
        deliver(created(a, email, T0).toJson()).expectStatus().isOk();

        deliver(created(b, email, T0.plusSeconds(10)).toJson()).expectStatus().isOk();
        assertThat(emailOf(a)).isNull();
        assertThat(emailOf(b)).isEqualTo(email);

        expectOutcome(deliver(created(c, email, T0.plusSeconds(5)).toJson()), "CREATED");
        assertThat(emailOf(c)).isNull();
        assertThat(emailOf(b)).isEqualTo(email);

        var restored = unique("restored");
        deliver(updated(a, restored, T0.plusSeconds(20)).toJson()).expectStatus().isOk();
        assertThat(emailOf(a)).isEqualTo(restored);
    }

    @Test
    void acknowledgesOtherEventTypesWithoutStoringAnything() {
        var body = ClerkFixtures.read(ClerkFixtures.SESSION_CREATED);

        expectOutcome(deliver(body), "IGNORED");
        expectOutcome(deliver("{\"type\":\"email.created\",\"data\":\"whatever\"}"), "IGNORED");
    }

    @Test
    void acceptsStandardWebhooksHeaderNamesToo() {
        var id = newUserId();
        var body = created(id, unique("standard"), T0).toJson();
        var headers = SIGNER.headers(body);

        RUNNING.client().post().uri("/api/webhooks/clerk")
                .header("webhook-id", headers.id())
                .header("webhook-timestamp", headers.timestamp())
                .header("webhook-signature", headers.signature())
                .bodyValue(body)
                .exchange()
                .expectStatus().isOk();
        assertThat(row(id)).isPresent();
    }

    @Test
    void refusesUnsignedForgedOrStaleDeliveriesWith400AndStoresNothing() {
        var id = newUserId();
        var body = created(id, unique("forged"), T0).toJson();
        var good = SIGNER.headers(body);
        var stale = SIGNER.headers(SvixTestSigner.newMessageId(), Instant.now().minusSeconds(310), body);
        var forged = new SvixTestSigner("whsec_" + java.util.Base64.getEncoder()
                .encodeToString("another-secret-of-32-bytes-long!".getBytes())).headers(body);

        for (var headers : List.of(
                Map.of("svix-timestamp", good.timestamp(), "svix-signature", good.signature()),
                Map.of("svix-id", good.id(), "svix-signature", good.signature()),
                Map.of("svix-id", good.id(), "svix-timestamp", good.timestamp()),
                Map.of("svix-id", forged.id(), "svix-timestamp", forged.timestamp(), "svix-signature", forged.signature()),
                Map.of("svix-id", stale.id(), "svix-timestamp", stale.timestamp(), "svix-signature", stale.signature()),
                Map.of("svix-id", good.id(), "svix-timestamp", good.timestamp(), "svix-signature", good.signature()
                        .substring(0, 10)))) {
            RUNNING.client().post().uri("/api/webhooks/clerk")
                    .headers(h -> headers.forEach(h::add))
                    .bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        var tampered = body.replace("\"" + id + "\"", "\"" + newUserId() + "\"");
        RUNNING.client().post().uri("/api/webhooks/clerk")
                .header("svix-id", good.id()).header("svix-timestamp", good.timestamp())
                .header("svix-signature", good.signature())
                .bodyValue(tampered)
                .exchange()
                .expectStatus().isBadRequest();

        assertThat(row(id)).isEmpty();
        // The delivery id was not consumed by the refusals: the genuine delivery still applies.
        expectOutcome(RUNNING.deliver(good.id(), body), "CREATED");
    }

    @Test
    void refusesASignedBodyThatIsNoUsableEventWith422() {
        for (var body : List.of("{not json", "[]", "{\"data\":{\"id\":\"user_x\"}}",
                "{\"type\":\"user.created\",\"data\":{}}", "{\"type\":\"user.deleted\"}")) {
            deliver(body).expectStatus().isEqualTo(422)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(422);
        }
    }

    @Test
    void acceptsABodyUpToOneMebibyteAndRefusesLargerOnesWith413() {
        var id = newUserId();
        var small = created(id, unique("large"), T0).toJson();
        var padding = 1024 * 1024 - small.length() - "{\"pad\":\"\"}".length() - 1;
        var large = created(id, unique("large"), T0).set("/data/public_metadata", Map.of("pad", "x".repeat(padding))).toJson();
        assertThat(large.length()).isLessThanOrEqualTo(1024 * 1024);

        expectOutcome(deliver(large), "CREATED");

        var tooLarge = created(newUserId(), unique("huge"), T0)
                .set("/data/public_metadata", Map.of("pad", "x".repeat(1024 * 1024))).toJson();
        deliver(tooLarge).expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
