package dev.clerksync.bench;

import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.application.service.ReceiveWebhookService;
import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.VerifiedWebhook;
import dev.clerksync.domain.model.WebhookEvent;
import dev.clerksync.domain.model.WebhookReceipt;
import dev.clerksync.domain.port.in.ReceiveWebhookCommand;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Mono;

/**
 * The webhook's pure-CPU path on a realistic body: the compact {@code user.created} fixture (about
 * 2.5 KB, exactly what Clerk sends), with the adapters the service wires.
 *
 * <ul>
 *   <li>{@code verify}: {@link SvixWebhookVerificationAdapter#verify} (header selection, Svix HMAC-SHA256,
 *       timestamp window, constant-time compare);</li>
 *   <li>{@code verifyAndParse}: verify, then {@link ClerkWebhookEventParserAdapter#parse} (Jackson tree,
 *       envelope, user mapping): what a valid delivery costs before the database;</li>
 *   <li>{@code badSignature}: a delivery signed with another secret, refused (the 400 path);</li>
 *   <li>{@code receiveWithoutDatabase}: the whole use case ({@link ReceiveWebhookService}) with a
 *       user-table port that answers at once, so Reactor's share shows too.</li>
 * </ul>
 * Signatures are renewed every iteration: Svix accepts a timestamp within 5 minutes of the clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookVerificationBenchmark {

    private static final String OTHER_SECRET = "whsec_b3RoZXItZW5kcG9pbnQtc2VjcmV0LW5vdC1vdXJzLTMyYg==";

    private final SvixTestSigner signer = SvixTestSigner.withTestSecret();
    private final SvixTestSigner forger = new SvixTestSigner(OTHER_SECRET);
    private final SvixWebhookVerificationAdapter verifier =
            SvixWebhookVerificationAdapter.fromSetting(Optional.of(SvixTestSigner.TEST_SECRET));
    private final ClerkWebhookEventParserAdapter parser = new ClerkWebhookEventParserAdapter();
    private final ReceiveWebhookService receive = new ReceiveWebhookService(verifier, parser,
            (change, delivery) -> Mono.just(SyncResult.of(SyncOutcome.CREATED)));

    private String body;
    private SignedWebhook valid;
    private SignedWebhook forged;

    @Setup(Level.Trial)
    public void body() {
        body = ClerkFixtures.compact(ClerkFixtures.USER_CREATED);
    }

    @Setup(Level.Iteration)
    public void sign() {
        String id = SvixTestSigner.newMessageId();
        valid = new SignedWebhook(body, asReceived(signer.headers(id, Instant.now(), body).asMap()));
        forged = new SignedWebhook(body, asReceived(forger.headers(id, Instant.now(), body).asMap()));
    }

    /** The web adapter hands over a HashMap of the lower-cased svix-/webhook- headers. */
    private static Map<String, String> asReceived(Map<String, String> headers) {
        return new HashMap<>(headers);
    }

    @Benchmark
    public VerifiedWebhook verify() {
        return verifier.verify(valid);
    }

    @Benchmark
    public WebhookEvent verifyAndParse() {
        return parser.parse(verifier.verify(valid).body());
    }

    @Benchmark
    public Object badSignature() {
        try {
            return verifier.verify(forged);
        } catch (UntrustedWebhookException expected) {
            return expected;
        }
    }

    @Benchmark
    public WebhookReceipt receiveWithoutDatabase() {
        return receive.receive(new ReceiveWebhookCommand(valid)).block();
    }
}
