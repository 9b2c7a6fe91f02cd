package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SignedDeliveries;
import dev.clerksync.adapter.clerk.testing.SignedDeliveries.Delivery;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner.SvixHeaders;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.VerifiedWebhook;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SvixWebhookVerificationAdapterTest {

    static final SignedDeliveries FIXTURES = ClerkFixtures.signedDeliveries();
    static final JsonNode VECTORS = ClerkFixtures.tree(ClerkFixtures.STANDARD_WEBHOOKS_VECTORS);
    static final String BODY = FIXTURES.deliveries().get(0).body();

    final SvixWebhookVerificationAdapter adapter = adapterFor(SvixTestSigner.TEST_SECRET);
    final SvixTestSigner signer = SvixTestSigner.withTestSecret();

    static SvixWebhookVerificationAdapter adapterFor(String secret) {
        return SvixWebhookVerificationAdapter.fromSetting(Optional.of(secret));
    }

    static Stream<Delivery> deliveries() {
        return FIXTURES.deliveries().stream();
    }

    static Stream<JsonNode> upstreamVectors() {
        return VECTORS.required("vectors").valueStream();
    }

    static String scenario(String name, String field) {
        return VECTORS.required("headerScenarios").required(name).required(field).stringValue();
    }

    static SignedWebhook webhook(String body, Map<String, String> headers) {
        return new SignedWebhook(body, headers);
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var changed = new LinkedHashMap<>(headers);
        changed.put(name, value);
        return changed;
    }

    static Map<String, String> without(Map<String, String> headers, String... names) {
        var changed = new LinkedHashMap<>(headers);
        for (String name : names) {
            changed.remove(name);
        }
        return changed;
    }

    @Nested
    class ClerkDeliveries {

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#deliveries")
        void acceptsEveryClerkDeliveryReSignedNowWithSecretA(Delivery delivery) {
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(delivery.msgId(), delivery.body());

            VerifiedWebhook verified = adapterFor(FIXTURES.secretA()).verify(webhook(delivery.body(), headers.asMap()));

            assertThat(verified.deliveryId().value()).isEqualTo(delivery.msgId());
            assertThat(verified.body()).isSameAs(delivery.body());
        }

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#deliveries")
        void acceptsEveryClerkDeliveryReSignedNowWithSecretB(Delivery delivery) {
            var headers = new SvixTestSigner(FIXTURES.secretB()).headers(delivery.msgId(), delivery.body());

            VerifiedWebhook verified = adapterFor(FIXTURES.secretB()).verify(webhook(delivery.body(), headers.asMap()));

            assertThat(verified.deliveryId().value()).isEqualTo(delivery.msgId());
        }

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#deliveries")
        void fixtureSignaturesAreWhatSvixSignsAtTheFixtureTimestamp(Delivery delivery) {
            String a = new SvixTestSigner(FIXTURES.secretA()).signature(delivery.msgId(), delivery.signedAt(), delivery.body());
            String b = new SvixTestSigner(FIXTURES.secretB()).signature(delivery.msgId(), delivery.signedAt(), delivery.body());

            assertThat(a).isEqualTo(delivery.signatureWithSecretA());
            assertThat(b).isEqualTo(delivery.signatureWithSecretB());
            assertThat(delivery.rotationHeader()).isEqualTo(a + " " + b);
        }

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#deliveries")
        void aRotationHeaderSignedWithBothSecretsVerifiesWithEitherSecret(Delivery delivery) {
            Instant now = Instant.now();
            String a = new SvixTestSigner(FIXTURES.secretA()).signature(delivery.msgId(), now, delivery.body());
            String b = new SvixTestSigner(FIXTURES.secretB()).signature(delivery.msgId(), now, delivery.body());
            var headers = new SvixHeaders(delivery.msgId(), Long.toString(now.getEpochSecond()), a + " " + b).asMap();

            assertThat(adapterFor(FIXTURES.secretA()).verify(webhook(delivery.body(), headers)).deliveryId().value())
                    .isEqualTo(delivery.msgId());
            assertThat(adapterFor(FIXTURES.secretB()).verify(webhook(delivery.body(), headers)).deliveryId().value())
                    .isEqualTo(delivery.msgId());
        }

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#deliveries")
        void rejectsTheFixturesOwnHeadersBecauseTheyAreFromTwentyTwentyFour(Delivery delivery) {
            var headers = new SvixHeaders(delivery.msgId(), Long.toString(delivery.timestamp()), delivery.rotationHeader());

            assertThatThrownBy(() -> adapterFor(FIXTURES.secretA()).verify(webhook(delivery.body(), headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("Message timestamp too old");
        }

        @Test
        void rejectsADeliverySignedWithTheOtherSecret() {
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(BODY);

            assertThatThrownBy(() -> adapterFor(FIXTURES.secretB()).verify(webhook(BODY, headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("No matching signature found")
                    .hasMessageContaining("CLERK_WEBHOOK_SIGNING_SECRET");
        }

        @Test
        void acceptsARetryWithTheSameMessageIdAndANewSignature() {
            Delivery retry = FIXTURES.negative("retrySameMsgId");
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(retry.msgId(), retry.body());

            VerifiedWebhook verified = adapterFor(FIXTURES.secretA()).verify(webhook(retry.body(), headers.asMap()));

            assertThat(verified.deliveryId().value()).isEqualTo(FIXTURES.deliveries().get(0).msgId());
        }

        @ParameterizedTest
        @ValueSource(strings = {"tamperedBody", "reserializedBody"})
        void rejectsAChangedBodyUnderTheOriginalSignature(String negativeCase) {
            Delivery original = FIXTURES.deliveries().get(0);
            Delivery changed = FIXTURES.negative(negativeCase);
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(original.msgId(), original.body());

            assertThat(changed.body()).isNotEqualTo(original.body());
            assertThatThrownBy(() -> adapterFor(FIXTURES.secretA()).verify(webhook(changed.body(), headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("No matching signature found");
        }

        @Test
        void acceptsANonAsciiBodyDecodedAsUtf8() {
            Delivery unicode = FIXTURES.negative("charsetTrap");
            byte[] received = unicode.body().getBytes(StandardCharsets.UTF_8);
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(unicode.msgId(), unicode.body());

            String decoded = new String(received, StandardCharsets.UTF_8);

            assertThat(received).hasSize(unicode.bodyUtf8Bytes());
            assertThat(adapterFor(FIXTURES.secretA()).verify(webhook(decoded, headers.asMap())).body())
                    .contains("Zoë");
        }

        @Test
        void rejectsTheSameBodyDecodedAsLatin1() {
            Delivery unicode = FIXTURES.negative("charsetTrap");
            byte[] received = unicode.body().getBytes(StandardCharsets.UTF_8);
            var headers = new SvixTestSigner(FIXTURES.secretA()).headers(unicode.msgId(), unicode.body());

            String misdecoded = new String(received, StandardCharsets.ISO_8859_1);

            assertThatThrownBy(() -> adapterFor(FIXTURES.secretA()).verify(webhook(misdecoded, headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("No matching signature found");
        }
    }

    @Nested
    class UpstreamVectors {

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#upstreamVectors")
        void svixSignReproducesTheUpstreamSignature(JsonNode vector) {
            var vectorSigner = new SvixTestSigner(vector.required("secret").stringValue());

            String signature = vectorSigner.signature(vector.required("msgId").stringValue(),
                    Instant.ofEpochSecond(vector.required("timestamp").longValue()), vector.required("payload").stringValue());

            assertThat(signature).isEqualTo(vector.required("expectedSignature").stringValue());
        }

        @ParameterizedTest
        @MethodSource("dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapterTest#upstreamVectors")
        void verifiesTheUpstreamPayloadReSignedNowWithAndWithoutTheWhsecPrefix(JsonNode vector) {
            String secret = vector.required("secret").stringValue();
            String payload = vector.required("payload").stringValue();
            var headers = new SvixTestSigner(secret).headers(vector.required("msgId").stringValue(), payload).asMap();

            assertThat(adapterFor(secret).verify(webhook(payload, headers)).body()).isEqualTo(payload);
            assertThat(adapterFor(secret.substring("whsec_".length())).verify(webhook(payload, headers)).body())
                    .isEqualTo(payload);
        }

        @Test
        void acceptsAMultiSignatureHeaderWithOneValidEntry() {
            var headers = signer.headers(BODY);
            String multi = scenario("multipleSignaturesOneValid", "signatureHeader").replace("<VALID>", headers.signature());

            var verified = adapter.verify(webhook(BODY, with(headers.asMap(), "svix-signature", multi)));

            assertThat(verified.deliveryId().value()).isEqualTo(headers.id());
        }

        @ParameterizedTest
        @ValueSource(strings = {"wrongVersionOnly", "noComma", "badValue", "emptyAfterVersion", "truncatedValid"})
        void rejectsSignatureHeadersWithoutAValidV1Entry(String name) {
            var headers = signer.headers(BODY);
            String bad = scenario(name, "signatureHeader").replace("<first 8 chars of VALID>", headers.signature().substring(0, 8));

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, with(headers.asMap(), "svix-signature", bad))))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("No matching signature found");
        }

        @Test
        void rejectsAValidSignatureLabelledWithAnotherVersion() {
            var headers = signer.headers(BODY);
            String v2 = headers.signature().replaceFirst("^v1,", "v2,");

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, with(headers.asMap(), "svix-signature", v2))))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("No matching signature found");
        }

        @Test
        void acceptsAnEmptyBodyWithAValidSignature() {
            var headers = signer.headers("");

            assertThat(adapter.verify(webhook("", headers.asMap())).body()).isEmpty();
        }
    }

    @Nested
    class Headers {

        @Test
        void fallsBackToTheStandardWebhookHeadersWhenNoSvixHeadersAreSent() {
            var headers = signer.headers(BODY);

            var verified = adapter.verify(webhook(BODY, headers.asStandardWebhookMap()));

            assertThat(verified.deliveryId().value()).isEqualTo(headers.id());
        }

        @Test
        void fallsBackToTheCompleteStandardSetWhenTheSvixSetIsIncomplete() {
            var standard = signer.headers(BODY);
            var all = new HashMap<>(standard.asStandardWebhookMap());
            all.put("svix-id", "msg_from_the_incomplete_svix_set");
            all.put("svix-timestamp", standard.timestamp());

            var verified = adapter.verify(webhook(BODY, all));

            assertThat(verified.deliveryId().value()).isEqualTo(standard.id());
        }

        @Test
        void neverMixesAnIncompleteSvixSetWithAnIncompleteStandardSet() {
            var headers = signer.headers(BODY);
            var mixed = Map.of(
                    "svix-id", headers.id(),
                    "svix-timestamp", headers.timestamp(),
                    "webhook-signature", headers.signature());

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, mixed)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: svix-signature");
        }

        @ParameterizedTest
        @ValueSource(strings = {"svix-id", "svix-timestamp", "svix-signature"})
        void rejectsADeliveryMissingOneSvixHeaderAndNamesIt(String missing) {
            var headers = without(signer.headers(BODY).asMap(), missing);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: " + missing);
        }

        @Test
        void listsEveryMissingSvixHeader() {
            assertThatThrownBy(() -> adapter.verify(webhook(BODY, Map.of("content-type", "application/json"))))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: svix-id, svix-timestamp, svix-signature");
        }

        @Test
        void listsOnlyTheMissingSvixHeaders() {
            var headers = without(signer.headers(BODY).asMap(), "svix-id", "svix-signature");

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: svix-id, svix-signature");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  \t  ", "\n"})
        void treatsAnEmptyOrWhiteSpaceSvixIdAsMissing(String blank) {
            var headers = with(signer.headers(BODY).asMap(), "svix-id", blank);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: svix-id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  \t  ", "\n"})
        void treatsEmptyOrWhiteSpaceTimestampAndSignatureAsMissing(String blank) {
            var headers = with(with(signer.headers(BODY).asMap(), "svix-timestamp", blank), "svix-signature", blank);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessage("Missing required webhook headers: svix-timestamp, svix-signature");
        }

        @Test
        void trimsWhiteSpaceAroundHeaderValuesAsHttpDoes() {
            var headers = signer.headers(BODY);
            var padded = Map.of(
                    "svix-id", " " + headers.id() + " ",
                    "svix-timestamp", "\t" + headers.timestamp() + " ",
                    "svix-signature", " " + headers.signature() + "\t");

            var verified = adapter.verify(webhook(BODY, padded));

            assertThat(verified.deliveryId().value()).isEqualTo(headers.id());
        }

        @Test
        void acceptsMixedCaseSvixHeaderNames() {
            var headers = signer.headers(BODY);
            var mixedCase = Map.of(
                    "Svix-Id", headers.id(),
                    "SVIX-TIMESTAMP", headers.timestamp(),
                    "svix-SIGNATURE", headers.signature());

            assertThat(adapter.verify(webhook(BODY, mixedCase)).deliveryId().value()).isEqualTo(headers.id());
        }

        @Test
        void acceptsMixedCaseStandardWebhookHeaderNames() {
            var headers = signer.headers(BODY);
            var mixedCase = Map.of(
                    "Webhook-Id", headers.id(),
                    "WEBHOOK-TIMESTAMP", headers.timestamp(),
                    "webhook-SIGNATURE", headers.signature());

            assertThat(adapter.verify(webhook(BODY, mixedCase)).deliveryId().value()).isEqualTo(headers.id());
        }

        @Test
        void rejectsAWebhookIdLongerThanADeliveryIdMayBe() {
            String longId = "msg_" + "x".repeat(300);
            var headers = signer.headers(longId, BODY);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageContaining("delivery id is longer than 255 characters");
        }
    }

    @Nested
    class Timestamps {

        @ParameterizedTest
        @ValueSource(strings = {"hello", "1716883201.5", "0x66558e01", "1 716 883 201"})
        void rejectsATimestampThatIsNotWholeSeconds(String timestamp) {
            var headers = with(signer.headers(BODY).asMap(), "svix-timestamp", timestamp);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("Invalid Signature Headers")
                    .hasMessageContaining("timestamp");
        }

        @Test
        void rejectsADeliverySignedThreeHundredTenSecondsAgo() {
            var headers = signer.headers("msg_old", Instant.now().minusSeconds(310), BODY);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("Message timestamp too old");
        }

        @Test
        void rejectsADeliverySignedThreeHundredTenSecondsAhead() {
            var headers = signer.headers("msg_new", Instant.now().plusSeconds(310), BODY);

            assertThatThrownBy(() -> adapter.verify(webhook(BODY, headers.asMap())))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .hasMessageStartingWith("Message timestamp too new");
        }

        @Test
        void acceptsADeliverySignedTwoHundredNinetySecondsAgo() {
            var headers = signer.headers("msg_late", Instant.now().minusSeconds(290), BODY);

            assertThat(adapter.verify(webhook(BODY, headers.asMap())).deliveryId().value()).isEqualTo("msg_late");
        }

        @Test
        void acceptsADeliverySignedTwoHundredNinetySecondsAhead() {
            var headers = signer.headers("msg_early", Instant.now().plusSeconds(290), BODY);

            assertThat(adapter.verify(webhook(BODY, headers.asMap())).deliveryId().value()).isEqualTo("msg_early");
        }
    }

    @Nested
    class SigningSecretSetting {

        @Test
        void acceptsTheSecretWithAndWithoutTheWhsecPrefixAndSurroundingWhiteSpace() {
            String bare = SvixTestSigner.TEST_SECRET.substring("whsec_".length());
            var headers = signer.headers(BODY).asMap();

            for (String secret : List.of(SvixTestSigner.TEST_SECRET, bare, "  " + SvixTestSigner.TEST_SECRET + "\n")) {
                assertThat(adapterFor(secret).verify(webhook(BODY, headers)).body()).as(secret).isEqualTo(BODY);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t\n", "whsec_", "  whsec_  "})
        void refusesABlankSecretOrAPrefixWithNothingAfterIt(String secret) {
            assertThatThrownBy(() -> adapterFor(secret))
                    .isInstanceOf(InvalidClerkSettingException.class)
                    .hasMessageStartingWith("CLERK_WEBHOOK_SIGNING_SECRET ")
                    .satisfies(e -> assertThat(((InvalidClerkSettingException) e).setting())
                            .isEqualTo("CLERK_WEBHOOK_SIGNING_SECRET"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"whsec_not*base64!", "sk_test_a1b2c3d4e5f6g7h8i9j0", "whsec_Y2xlcmstYW5jaG9ycy10ZXN0LXNlY3JldC1BLTMyYnk=%",
                "whsec_Y2xl cmst"})
        void refusesASecretThatIsNotBase64WithoutRepeatingIt(String secret) {
            assertThatThrownBy(() -> adapterFor(secret))
                    .isInstanceOf(InvalidClerkSettingException.class)
                    .hasMessageStartingWith("CLERK_WEBHOOK_SIGNING_SECRET ")
                    .hasMessageContaining("not base64")
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain(secret)
                            .doesNotContain(secret.substring(secret.indexOf('_') + 1)));
        }

        @Test
        void anAbsentSecretBuildsAnAdapterThatRefusesEveryDelivery() {
            var unconfigured = SvixWebhookVerificationAdapter.fromSetting(Optional.empty());
            var headers = signer.headers(BODY).asMap();

            assertThat(unconfigured.isConfigured()).isFalse();
            assertThatThrownBy(() -> unconfigured.verify(webhook(BODY, headers)))
                    .isInstanceOfSatisfying(WebhookNotConfiguredException.class,
                            e -> assertThat(e.setting()).isEqualTo("CLERK_WEBHOOK_SIGNING_SECRET"));
        }

        @Test
        void aConfiguredAdapterSaysSo() {
            assertThat(adapter.isConfigured()).isTrue();
        }

        @Test
        void rejectionMessagesContainNeitherTheSecretNorTheBody() {
            var headers = signer.headers(BODY).asMap();
            String tampered = BODY.replace("ada.lovelace", "eve");
            String bareSecret = SvixTestSigner.TEST_SECRET.substring("whsec_".length());

            assertThatThrownBy(() -> adapter.verify(webhook(tampered, headers)))
                    .isInstanceOf(UntrustedWebhookException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain(bareSecret)
                            .doesNotContain("eve@example.com")
                            .doesNotContain("user_2hCa3WqLrT8sVn6yPb1dXk4mZeQ"));
        }
    }

    @Test
    void oneAdapterVerifiesConcurrentDeliveriesCorrectly() throws Exception {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean valid = i % 2 == 0;
            var headers = signer.headers("msg_concurrent_" + i, BODY);
            String body = valid ? BODY : BODY + " ";
            tasks.add(() -> {
                try {
                    return adapter.verify(webhook(body, headers.asMap())).deliveryId().value().equals(headers.id());
                } catch (UntrustedWebhookException e) {
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = pool.invokeAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as("delivery %d", i).isEqualTo(i % 2 == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
