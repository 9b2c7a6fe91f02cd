package dev.clerksync.adapter.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations.FuzzBody;
import dev.clerksync.adapter.clerk.testing.PropertyRuns;
import dev.clerksync.adapter.clerk.testing.SvixHeaderDamage;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
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

        RUNS.theory().forAll(ClerkPayloadMutations.bodies(), SvixHeaderDamage.all()).checkAssert((fuzz, damage) -> {
            cases.incrementAndGet();
            Map<String, String> headers = damage.apply(SIGNER, fuzz.body());
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

    @Test
    void everyFixtureStillParsesWithoutMutation() {
        // The generator's starting points are usable events, so refusals above come from the mutations.
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.USER_CREATED))).isInstanceOf(WebhookEvent.UserChanged.class);
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.USER_DELETED))).isInstanceOf(WebhookEvent.UserChanged.class);
        assertThat(PARSER.parse(ClerkFixtures.compact(ClerkFixtures.SESSION_CREATED))).isInstanceOf(WebhookEvent.Ignored.class);
    }
}
