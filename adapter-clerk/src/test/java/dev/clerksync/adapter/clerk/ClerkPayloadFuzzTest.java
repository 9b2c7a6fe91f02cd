package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations.FuzzBody;
import dev.clerksync.adapter.clerk.testing.PropertyRuns;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile bodies and headers against the Clerk payload parser, the user mapper and the Svix
 * verifier: whatever comes in, they answer with a value or with the exception their contract
 * documents, never with anything else, and nothing forged is ever verified.
 */
class ClerkPayloadFuzzTest {

    /** Ten times the endpoint fuzz's cases (-Dclerksync.fuzz.tries), as these run in microseconds. */
    private static final PropertyRuns RUNS = PropertyRuns.of("fuzz", 400, 20261126L, 2_000).times(10);

    private static final SvixTestSigner SIGNER = SvixTestSigner.withTestSecret();
    private static final SvixWebhookVerificationAdapter VERIFIER =
            SvixWebhookVerificationAdapter.fromSetting(Optional.of(SvixTestSigner.TEST_SECRET));
    private static final ClerkWebhookEventParserAdapter PARSER = new ClerkWebhookEventParserAdapter();

    @Test
    void theParserAnswersEveryMutatedBodyWithAnEventOrAnUnusableEventException() {
        var cases = new AtomicInteger();
        var events = new AtomicInteger();
        var refused = new AtomicInteger();

        RUNS.theory().forAll(ClerkPayloadMutations.bodies()).checkAssert(fuzz -> {
            cases.incrementAndGet();
            try {
                WebhookEvent event = PARSER.parse(fuzz.body());
                assertThat(event.type()).isNotBlank();
                if (event instanceof WebhookEvent.UserChanged changed) {
                    assertThat(changed.change().userId().value()).isNotBlank();
                }
                events.incrementAndGet();
            } catch (UnusableWebhookEventException documented) {
                assertThat(documented.getMessage()).doesNotContain("@fuzz.example.com");
                refused.incrementAndGet();
            }
        });

        assertThat(cases.get()).isGreaterThanOrEqualTo(RUNS.atLeastDistinct());
        // Both answers occur, so the generator reaches past the JSON reader into the mapping.
        assertThat(events.get()).as("bodies parsed into events").isGreaterThan(RUNS.tries() / 20);
        assertThat(refused.get()).as("bodies refused as unusable").isGreaterThan(RUNS.tries() / 5);
    }

    @Test
    void theUserMapperAnswersEveryMutatedUserWithASnapshotOrAnInvalidUserDataException() {
        var cases = new AtomicInteger();
        var snapshots = new AtomicInteger();
        JsonMapper json = JsonMapper.builder().build();

        RUNS.theory().forAll(ClerkPayloadMutations.bodies()).checkAssert(fuzz -> {
            JsonNode data;
            try {
                data = json.readTree(fuzz.body()).path("data");
            } catch (RuntimeException notJson) {
                return; // the parser's test covers text that is not JSON
            }
            cases.incrementAndGet();
            try {
                UserChange.Snapshot snapshot = ClerkUserJsonMapper.toSnapshot(data);
                assertThat(snapshot.profile().updatedAt()).isNotNull();
                snapshots.incrementAndGet();
            } catch (InvalidUserDataException documented) {
                assertThat(documented.getMessage()).doesNotContain("@fuzz.example.com");
            }
        });

        assertThat(cases.get()).isGreaterThan(RUNS.tries() / 3);
        assertThat(snapshots.get()).isGreaterThan(RUNS.tries() / 20);
    }

    @Test
    void theVerifierTrustsOnlyCorrectlySignedDeliveriesAndRefusesTheRestWithAnUntrustedException() {
        var cases = new AtomicInteger();
        var trusted = new AtomicInteger();

        RUNS.theory().forAll(ClerkPayloadMutations.bodies(), headerDamage()).checkAssert((fuzz, damage) -> {
            cases.incrementAndGet();
            Map<String, String> headers = damage.apply(fuzz.body());
            try {
                var verified = VERIFIER.verify(new SignedWebhook(fuzz.body(), headers));
                assertThat(damage.keepsAValidSignature()).as("verified although " + damage).isTrue();
                assertThat(verified.body()).isEqualTo(fuzz.body());
                trusted.incrementAndGet();
            } catch (UntrustedWebhookException documented) {
                assertThat(damage.keepsAValidSignature()).as("refused although only " + damage).isFalse();
            }
        });

        assertThat(cases.get()).isGreaterThanOrEqualTo(RUNS.atLeastDistinct());
        assertThat(trusted.get()).isBetween(RUNS.tries() / 20, RUNS.tries() - RUNS.tries() / 5);
    }

    /** What is done to a correctly signed delivery's headers. */
    enum HeaderDamage {
        NONE(true), STANDARD_WEBHOOK_NAMES(true), UPPER_CASE_VALUES_PADDED(true), ROTATION_LIST(true),
        MISSING_ID(false), MISSING_TIMESTAMP(false), MISSING_SIGNATURE(false), NO_HEADERS(false),
        WRONG_SECRET(false), TIMESTAMP_TOO_OLD(false), TIMESTAMP_TOO_NEW(false), GARBAGE_TIMESTAMP(false),
        GARBAGE_SIGNATURE(false), OTHER_ID(false), V2_SCHEME(false), MIXED_HEADER_SETS(false),
        LONG_ID(false), NUL_IN_ID(false), HUGE_TIMESTAMP(false);

        final boolean valid;

        HeaderDamage(boolean valid) {
            this.valid = valid;
        }

        boolean keepsAValidSignature() {
            return valid;
        }

        Map<String, String> apply(String body) {
            String id = SvixTestSigner.newMessageId();
            Instant now = Instant.now();
            var good = SIGNER.headers(id, now, body);
            Map<String, String> headers = new LinkedHashMap<>(good.asMap());
            switch (this) {
                case NONE -> { }
                case STANDARD_WEBHOOK_NAMES -> headers = new LinkedHashMap<>(good.asStandardWebhookMap());
                case UPPER_CASE_VALUES_PADDED -> headers.replaceAll((name, value) -> "  " + value + "\t");
                case ROTATION_LIST -> headers.put("svix-signature",
                        "v1,AAAA v1a,xyz " + new SvixTestSigner("whsec_b3RoZXItc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZXM=")
                                .signature(id, now, body) + " " + good.signature());
                case MISSING_ID -> headers.remove("svix-id");
                case MISSING_TIMESTAMP -> headers.remove("svix-timestamp");
                case MISSING_SIGNATURE -> headers.remove("svix-signature");
                case NO_HEADERS -> headers.clear();
                case WRONG_SECRET -> headers.put("svix-signature",
                        new SvixTestSigner("whsec_b3RoZXItc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZXM=").signature(id, now, body));
                case TIMESTAMP_TOO_OLD -> headers = new LinkedHashMap<>(SIGNER.headers(id, now.minusSeconds(301), body).asMap());
                case TIMESTAMP_TOO_NEW -> headers = new LinkedHashMap<>(SIGNER.headers(id, now.plusSeconds(301), body).asMap());
                case GARBAGE_TIMESTAMP -> headers.put("svix-timestamp", "17e8");
                case GARBAGE_SIGNATURE -> headers.put("svix-signature", "v1,,,, v1 \u0000 ,=");
                case OTHER_ID -> headers.put("svix-id", SvixTestSigner.newMessageId());
                case V2_SCHEME -> headers.put("svix-signature", good.signature().replace("v1,", "v2,"));
                case MIXED_HEADER_SETS -> {
                    headers.remove("svix-signature");
                    headers.put("webhook-signature", good.signature());
                }
                case LONG_ID -> headers.put("svix-id", "msg_" + "x".repeat(5_000));
                case NUL_IN_ID -> headers.put("svix-id", "msg_\u0000");
                case HUGE_TIMESTAMP -> headers.put("svix-timestamp", "99999999999999999999999");
            }
            return headers;
        }
    }

    private static Gen<HeaderDamage> headerDamage() {
        return in -> HeaderDamage.values()[(int) in.next(Constraint.between(0, HeaderDamage.values().length - 1))];
    }

    @Test
    void everyFixtureStillParsesWithoutMutation() {
        // The generator's starting points are usable events, so refusals above come from the mutations.
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.USER_CREATED))).isInstanceOf(WebhookEvent.UserChanged.class);
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.USER_DELETED))).isInstanceOf(WebhookEvent.UserChanged.class);
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.SESSION_CREATED))).isInstanceOf(WebhookEvent.Ignored.class);
    }
}
