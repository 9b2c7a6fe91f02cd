package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.RunningServiceExtension.deliver;
import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operator sees per delivery, and what must never be in the log. */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryLoggingEndToEndTest {

    @Test
    void logsOneLinePerDeliveryAndNeverTheSecretSignaturePayloadOrPersonalData(CapturedOutput output) {
        var userId = newUserId();
        var email = "private.person+" + userId + "@example.com";
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId).primaryEmail(email)
                .name("Secretive", "Person").toJson();
        var msgId = SvixTestSigner.newMessageId();
        String signature;
        try (var database = PostgresTestDatabase.create(); var service = RunningService.start(database.postgresqlUrl())) {
            signature = SvixTestSigner.withTestSecret().headers(msgId, body).signature();
            deliver(service.client(), msgId, body).expectStatus().isOk();
            deliver(service.client(), msgId, body).expectStatus().isOk();
            service.client().post().uri("/api/webhooks/clerk")
                    .header("svix-id", "msg_forged").header("svix-timestamp", "1")
                    .header("svix-signature", "v1,Zm9yZ2Vk")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus().isBadRequest();
        }

        var deliveryLines = Arrays.stream(output.getOut().split("\\R")).filter(line -> line.contains("webhook delivery")).toList();
        assertThat(deliveryLines).hasSize(3);
        assertThat(deliveryLines.get(0)).contains("svix_id=" + msgId, "type=user.created", "user_id=" + userId,
                "outcome=CREATED", "duration_ms=");
        assertThat(deliveryLines.get(1)).contains("svix_id=" + msgId, "outcome=DUPLICATE");
        assertThat(deliveryLines.get(2)).contains("svix_id=msg_forged", "status=400");
        var secretBytes = SvixTestSigner.TEST_SECRET.substring("whsec_".length());
        assertThat(output.getAll()).doesNotContain(secretBytes, signature.substring(3), email, "Secretive", body);
    }
}
