package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.StandInAnswer;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * When Clerk cannot be reached, the failure is ours to own: 503 with Retry-After, never a 401 that
 * would tell a signed-in visitor they are signed out. Each case gets a fresh service and stand-in,
 * so no key is cached and no failure is left queued for another test.
 */
class ClerkUnavailableEndToEndTest {

    @Test
    void answers503NeverA401WhenClerksKeysCannotBeFetchedAndNoneIsCached() {
        var keys = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY, "ins_unreachable_key");
        try (var database = PostgresTestDatabase.createEmpty();
                var clerk = ClerkBackendApiStandIn.start().jwks(keys.jwksJson());
                var service = RunningService.start(SignInEndToEndTest.settings(database, clerk))) {
            clerk.respondNext(50, request -> request.isJwks(), StandInAnswer.status(500));

            service.client().get().uri("/api/me").accept(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer " + keys.token("user_someone", "sess_1").mint())
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.type")
                    .isEqualTo("https://clerksync.dev/problems/session-verification-unavailable");
        }
    }

    @Test
    void answers503WithRetryAfterWhenClerkCannotBeAskedForAnUnsyncedUser() {
        var keys = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY, "ins_users_down_key");
        try (var database = PostgresTestDatabase.createEmpty();
                var clerk = ClerkBackendApiStandIn.start().jwks(keys.jwksJson());
                var service = RunningService.start(SignInEndToEndTest.settings(database, clerk))) {
            clerk.respondNext(50, request -> request.isUserLookup(), StandInAnswer.status(503));
            long started = System.nanoTime();

            service.client().get().uri("/api/me").accept(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer " + keys.token("user_not_synced", "sess_1").mint())
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://clerksync.dev/problems/clerk-unavailable");
            // A person is waiting: the answer comes within the lookup's budget, not after every retry.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
