package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.StandInAnswer;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Session verification as an operator sees it on the management port's Prometheus endpoint. */
class SessionMetricsEndToEndTest {

    @RegisterExtension
    static final ClerkStandInServiceExtension RUNNING = new ClerkStandInServiceExtension("ins_metrics_key");

    private static final String VERIFICATIONS = "clerksync_session_verifications_total";
    private static final String FETCHES = "clerksync_session_jwks_fetches_total";

    private static WebTestClient.ResponseSpec me(String authorization) {
        var request = RUNNING.service().client().get().uri("/api/me").accept(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request = request.header("Authorization", "Bearer " + authorization);
        }
        return request.exchange();
    }

    @Test
    void countsEachRequestsSessionOutcomeAndEachKeyDownload() throws InterruptedException {
        var userId = SignInEndToEndTest.newUserId();
        var rotated = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY, "ins_metrics_rotated");
        var impostor = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY, "ins_metrics_key");

        PrometheusScrape.of(RUNNING.service());                                     // a scrape has no session
        RUNNING.clerk().respondNext(ClerkBackendApiStandIn.RecordedRequest::isJwks, StandInAnswer.status(500));
        me(RUNNING.keys().token(userId, "sess_0").mint()).expectStatus().isEqualTo(503); // keys unavailable
        Thread.sleep(5_100);                                                       // a failed download is retried after 5 s
        me(RUNNING.keys().token(userId, "sess_1").mint());                          // signed in: first key download
        me(RUNNING.keys().token(userId, "sess_2").mint());                          // signed in from the cache
        me(impostor.token(userId, "sess_3").mint());                                // forged signature
        me(null);                                                                   // an API call without session
        RUNNING.service().client().get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isTemporaryRedirect();                              // a page load: handshake
        // An unknown kid refetches at most every 30 s: so soon after the first download it costs none
        // (the refetch itself is counted in RemoteJwksKeysTest, whose clock can be moved).
        RUNNING.clerk().jwks(SessionTokens.jwksJsonOf(RUNNING.keys(), rotated));
        me(rotated.token(userId, "sess_4").mint());

        var scrape = PrometheusScrape.of(RUNNING.service());

        assertThat(scrape.count(VERIFICATIONS + "{outcome=\"signed_in\",reason=\"-\"}")).as(scrape.text()).isEqualTo(2);
        assertThat(scrape.count(VERIFICATIONS + "{outcome=\"signed_out\",reason=\"token_rejected\"}")).isEqualTo(2);
        // A development instance without its browser token: Clerk's dev-browser-missing, cured by a handshake.
        assertThat(scrape.count(VERIFICATIONS + "{outcome=\"signed_out\",reason=\"needs_refresh\"}")).isEqualTo(1);
        assertThat(scrape.count(VERIFICATIONS + "{outcome=\"handshake\",reason=\"needs_refresh\"}")).isEqualTo(1);
        assertThat(scrape.count(VERIFICATIONS + "{outcome=\"unavailable\",reason=\"-\"}")).isEqualTo(1);
        assertThat(scrape.count(FETCHES + "{result=\"ok\",trigger=\"expired\"}")).isEqualTo(1);
        assertThat(scrape.count(FETCHES + "{result=\"ok\",trigger=\"unknown_kid\"}")).isZero();
        assertThat(scrape.count(FETCHES + "{result=\"failed\",trigger=\"expired\"}")).isEqualTo(1);
    }
}
