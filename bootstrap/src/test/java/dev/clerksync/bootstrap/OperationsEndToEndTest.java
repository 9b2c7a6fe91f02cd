package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What an operator watches: probes and metrics on the management port, nothing of it on the public one. */
class OperationsEndToEndTest {

    @Test
    void servesProbesAndMetricsOnTheManagementPortOnlyAndReadinessFollowsTheDatabase() {
        try (var database = PostgresTestDatabase.createEmpty();
                var proxy = new TcpProxy(database.host(), database.port()).start();
                var service = RunningService.start(RunningService.settings(database.postgresqlUrl()
                        .replace("@" + database.host() + ":" + database.port() + "/", "@127.0.0.1:" + proxy.port() + "/")))) {
            var management = service.management();
            management.get().uri("/actuator/health/liveness").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
            management.get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
            service.client().get().uri("/actuator/health").exchange().expectStatus().isNotFound();
            service.client().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();

            var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(SignInEndToEndTest.newUserId()).toJson();
            RunningServiceExtension.deliver(service.client(), SvixTestSigner.newMessageId(), body).expectStatus().isOk();
            service.client().post().uri("/api/webhooks/clerk").header("svix-id", "msg_forged")
                    .header("svix-timestamp", "1").header("svix-signature", "v1,Zm9yZ2Vk").bodyValue(body)
                    .exchange().expectStatus().isBadRequest();
            var metrics = management.get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains(
                    "clerksync_webhook_delivery_seconds_count{outcome=\"CREATED\",status=\"200\",type=\"user.created\"} 1",
                    "clerksync_webhook_delivery_seconds_count{outcome=\"UNTRUSTED\",status=\"400\",type=\"-\"} 1",
                    "clerksync_webhook_delivery_seconds_bucket{",
                    "clerksync_webhook_signature_failures_total 1");

            proxy.stop();
            management.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                    .get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isEqualTo(503).expectBody().jsonPath("$.status").isEqualTo("DOWN");
            management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status;
            do {
                status = management.get().uri("/actuator/health/readiness").exchange()
                        .returnResult(String.class).getStatus().value();
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("ready again once the database is back").isEqualTo(200);
        }
    }
}
