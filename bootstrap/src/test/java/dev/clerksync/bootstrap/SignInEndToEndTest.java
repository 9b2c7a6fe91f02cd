package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sign-in end to end: session tokens minted here, keys and users served by a local stand-in of
 * Clerk's Backend API, the service started as an operator starts it.
 */
class SignInEndToEndTest {

    static final String FRONTEND_API = "clerk.clerksync.test";
    static final ClerkPublishableKey PUBLISHABLE_KEY = new ClerkPublishableKey(
            "pk_test_" + Base64.getEncoder().withoutPadding()
                    .encodeToString((FRONTEND_API + "$").getBytes(StandardCharsets.UTF_8)));

    @RegisterExtension
    static final ClerkStandInServiceExtension RUNNING = new ClerkStandInServiceExtension("ins_first_key");

    static Map<String, String> settings(PostgresTestDatabase database, ClerkBackendApiStandIn clerk) {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("PUBLIC_CLERK_PUBLISHABLE_KEY", PUBLISHABLE_KEY.value());
        settings.put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
        settings.put("CLERK_API_URL", clerk.apiUrl());
        return settings;
    }

    static String newUserId() {
        return "user_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String token(String userId) {
        return RUNNING.keys().token(userId, "sess_" + userId.substring(5)).mint();
    }

    private static WebTestClient.ResponseSpec me(String token) {
        return RUNNING.service().client().get().uri("/api/me").accept(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + token).exchange();
    }

    private static void signUpByWebhook(String userId, String email) {
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId).primaryEmail(email)
                .name("Grace", "Hopper").updatedAt(Instant.parse("2026-05-01T00:00:00Z")).toJson();
        RunningServiceExtension.deliver(RUNNING.service().client(), SvixTestSigner.newMessageId(), body).expectStatus().isOk();
    }

    @Test
    void answersASignedOutCallerWith401() {
        RUNNING.service().client().get().uri("/api/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void answersASignedInUserWithTheRowTheWebhookStored() {
        var userId = newUserId();
        signUpByWebhook(userId, "grace+" + userId + "@example.com");

        me(token(userId)).expectStatus().isOk().expectBody()
                .jsonPath("$.clerkId").isEqualTo(userId)
                .jsonPath("$.email").isEqualTo("grace+" + userId + "@example.com")
                .jsonPath("$.name").isEqualTo("Grace Hopper");
    }

    @Test
    void provisionsAUserWhoseWebhookHasNotLandedYetAndTheLateWebhookChangesNothingOlder() {
        var userId = newUserId();
        var updatedAt = Instant.parse("2026-06-01T00:00:00Z");
        RUNNING.clerk().addUser(userId, "early+" + userId + "@example.com", updatedAt.minusSeconds(60), updatedAt);

        me(token(userId)).expectStatus().isOk().expectBody()
                .jsonPath("$.email").isEqualTo("early+" + userId + "@example.com");

        var late = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                .primaryEmail("older+" + userId + "@example.com").updatedAt(updatedAt.minusSeconds(30)).toJson();
        RunningServiceExtension.deliver(RUNNING.service().client(), SvixTestSigner.newMessageId(), late)
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("STALE");
        me(token(userId)).expectStatus().isOk().expectBody()
                .jsonPath("$.email").isEqualTo("early+" + userId + "@example.com");
    }

    @Test
    void answers404ForAUserClerkDoesNotKnowOrWhoWasDeleted() {
        me(token(newUserId())).expectStatus().isNotFound();

        var deleted = newUserId();
        signUpByWebhook(deleted, "deleted+" + deleted + "@example.com");
        var body = ClerkFixtures.event(ClerkFixtures.USER_DELETED).userId(deleted).toJson();
        RunningServiceExtension.deliver(RUNNING.service().client(), SvixTestSigner.newMessageId(), body).expectStatus().isOk();
        me(token(deleted)).expectStatus().isNotFound();
    }

    @Test
    void acceptsTokensSignedWithARotatedKeyAfterOneRefetch() {
        var rotated = SessionTokens.generate(PUBLISHABLE_KEY, "ins_rotated_key");
        RUNNING.clerk().jwks(SessionTokens.jwksJsonOf(RUNNING.keys(), rotated));
        var userId = newUserId();
        signUpByWebhook(userId, "rotated+" + userId + "@example.com");
        int jwksRequestsBefore = RUNNING.clerk().requests(request -> request.isJwks()).size();

        me(rotated.token(userId, "sess_rotated").mint()).expectStatus().isOk();
        me(rotated.token(userId, "sess_rotated").mint()).expectStatus().isOk();

        assertThat(RUNNING.clerk().requests(request -> request.isJwks())).hasSize(jwksRequestsBefore + 1);
    }

    @Test
    void rejectsTokensOfAnotherInstanceOrWithAForgedSignature() {
        var userId = newUserId();
        signUpByWebhook(userId, "forged+" + userId + "@example.com");
        var impostor = SessionTokens.generate(PUBLISHABLE_KEY, "ins_first_key");

        me(impostor.token(userId, "sess_x").mint()).expectStatus().isUnauthorized();
        me(RUNNING.keys().token(userId, "sess_x").issuer("https://clerk.other-instance.test").mint()).expectStatus().isUnauthorized();
        me(RUNNING.keys().token(userId, "sess_x").unsigned().mint()).expectStatus().isUnauthorized();
    }

    @Test
    void rendersTheSignedInPageFromSessionCookies() {
        var userId = newUserId();
        signUpByWebhook(userId, "page+" + userId + "@example.com");
        var token = token(userId);

        var html = RUNNING.service().client().get().uri("/").accept(MediaType.TEXT_HTML)
                .cookie("__session", token)
                .cookie("__client_uat", Long.toString(Instant.now().getEpochSecond() - 5))
                .cookie("__clerk_db_jwt", "dvb_test_browser")
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(html).contains("Grace Hopper", "page+" + userId + "@example.com", "id=\"user-button\"");
    }

    @Test
    void sendsAPageLoadWithAnExpiredSessionThroughClerksHandshakeButNeverAnApiCall() {
        var userId = newUserId();
        var expired = RUNNING.keys().token(userId, "sess_expired")
                .issuedAt(Instant.now().minusSeconds(120)).notBefore(Instant.now().minusSeconds(120))
                .expiresAt(Instant.now().minusSeconds(60)).mint();
        var clientUat = Long.toString(Instant.now().minusSeconds(300).getEpochSecond());

        RUNNING.service().client().get().uri("/").accept(MediaType.TEXT_HTML)
                .header("Sec-Fetch-Dest", "document")
                .cookie("__session", expired).cookie("__client_uat", clientUat).cookie("__clerk_db_jwt", "dvb_test_browser")
                .exchange()
                .expectStatus().isTemporaryRedirect()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectHeader().value("Location", location -> assertThat(location)
                        .startsWith("https://" + FRONTEND_API + "/v1/client/handshake?redirect_url="));

        RUNNING.service().client().get().uri("/api/me").accept(MediaType.APPLICATION_JSON)
                .cookie("__session", expired).cookie("__client_uat", clientUat).cookie("__clerk_db_jwt", "dvb_test_browser")
                .exchange()
                .expectStatus().isUnauthorized();
    }
}
