package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.RunningServiceExtension.deliver;
import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * The database goes away under a running service: deliveries get a fast 503 with Retry-After
 * (so Svix retries later and nothing is lost), and the service recovers by itself when it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageEndToEndTest {

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsDownAndRecoversWhenItIsBack(CapturedOutput output) {
        String during;
        try (var database = PostgresTestDatabase.create();
                var proxy = new TcpProxy(database.host(), database.port()).start();
                var service = RunningService.start(database.postgresqlUrl()
                        .replace("@" + database.host() + ":" + database.port() + "/", "@127.0.0.1:" + proxy.port() + "/"))) {
            var before = newUserId();
            deliver(service.client(), SvixTestSigner.newMessageId(), body(before)).expectStatus().isOk();

            proxy.stop();
            during = newUserId();
            var msgId = SvixTestSigner.newMessageId();
            long started = System.nanoTime();
            deliver(service.client(), msgId, body(during))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            proxy.start();
            // Svix redelivers the very same message; it must now be applied, not taken for a duplicate.
            var recovered = awaitOk(service, msgId, body(during));
            assertThat(recovered).isEqualTo("CREATED");
            var loads = service.bean(LoadUserPort.class);
            assertThat(loads.load(new ClerkUserId(before)).blockOptional()).isPresent();
            assertThat(loads.load(new ClerkUserId(during)).blockOptional()).isPresent();
        }
        assertThat(output.getOut()).contains("outcome=UNAVAILABLE status=503");
        // The failure is reported without the statement: no address or other payload data.
        assertThat(output.getAll()).doesNotContain("outage+", "insert into");
    }

    private static String body(String userId) {
        return ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                .primaryEmail("outage+" + UUID.randomUUID() + "@example.com").toJson();
    }

    /** Redelivers until the service answers 2xx again, as Svix's retry schedule would (bounded). */
    private static String awaitOk(RunningService service, String msgId, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            var result = deliver(service.client(), msgId, body).returnResult(java.util.Map.class);
            if (result.getStatus().is2xxSuccessful()) {
                return String.valueOf(result.getResponseBody().blockFirst().get("outcome"));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not recover within 20 s; last status " + result.getStatus());
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
