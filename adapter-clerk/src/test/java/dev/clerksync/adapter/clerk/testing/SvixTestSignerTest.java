package dev.clerksync.adapter.clerk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SvixTestSignerTest {

    @Test
    void signsTheStandardWebhooksVector() {
        var signer = new SvixTestSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var headers = signer.headers("msg_p5jXN8AQM9LWM0D4loKWxJek", Instant.ofEpochSecond(1614265330L), "{\"test\": 2432232314}");

        assertThat(headers).isEqualTo(new SvixTestSigner.SvixHeaders("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void namesTheHeadersTheSvixOrTheStandardWay() {
        var headers = new SvixTestSigner.SvixHeaders("msg_1", "1614265330", "v1,abc");

        assertThat(headers.asMap()).containsExactly(
                java.util.Map.entry("svix-id", "msg_1"),
                java.util.Map.entry("svix-timestamp", "1614265330"),
                java.util.Map.entry("svix-signature", "v1,abc"));
        assertThat(headers.asStandardWebhookMap()).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature");
    }

    @Test
    void signsNowWithAFreshMessageIdEachTime() {
        var signer = SvixTestSigner.withTestSecret();
        long before = Instant.now().getEpochSecond();

        var first = signer.headers("{}");
        var second = signer.headers("{}");

        assertThat(first.id()).startsWith("msg_").isNotEqualTo(second.id());
        assertThat(Long.parseLong(first.timestamp())).isBetween(before, Instant.now().getEpochSecond());
    }

    @Test
    void theTestSecretIsAWhsecSecretOfThirtyTwoBytes() {
        byte[] key = java.util.Base64.getDecoder().decode(SvixTestSigner.TEST_SECRET.substring("whsec_".length()));

        assertThat(SvixTestSigner.TEST_SECRET).startsWith("whsec_");
        assertThat(key).hasSize(32);
    }

    @Test
    void itsSignedWebhooksPassTheAdapterConfiguredWithTheSameSecret() {
        var adapter = SvixWebhookVerificationAdapter.fromSetting(Optional.of(SvixTestSigner.TEST_SECRET));
        var signed = SvixTestSigner.withTestSecret().signedWebhook(ClerkFixtures.compact(ClerkFixtures.USER_CREATED));

        var verified = adapter.verify(signed);

        assertThat(verified.body()).isEqualTo(signed.body());
        assertThat(signed.header("svix-id")).contains(verified.deliveryId().value());
    }
}
