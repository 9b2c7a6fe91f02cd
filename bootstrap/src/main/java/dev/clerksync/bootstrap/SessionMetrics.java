package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.session.ClerkSessionObserver;
import dev.clerksync.adapter.clerk.session.SessionReasonCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session verification on the metrics endpoint: {@value #VERIFICATIONS} by {@code outcome} and
 * {@code reason} (category), and {@value #KEY_DOWNLOADS} by {@code result} and {@code trigger}.
 * Counters are looked up once per tag combination, so a request costs a map lookup and an increment.
 */
final class SessionMetrics implements ClerkSessionObserver {

    static final String VERIFICATIONS = "clerksync.session.verifications";
    static final String KEY_DOWNLOADS = "clerksync.session.jwks.fetches";

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    SessionMetrics(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters must not be null");
    }

    @Override
    public void requestAuthenticated(SessionOutcome outcome, SessionReasonCategory reason) {
        counters.computeIfAbsent(outcome.tag() + "/" + reason.tag(), key -> Counter.builder(VERIFICATIONS)
                        .description("Requests whose Clerk session was verified, by outcome and reason category")
                        .tag("outcome", outcome.tag()).tag("reason", reason.tag())
                        .register(meters))
                .increment();
    }

    @Override
    public void keysDownloaded(KeyDownloadResult result, KeyDownloadTrigger trigger) {
        counters.computeIfAbsent("jwks/" + result.tag() + "/" + trigger.tag(), key -> Counter.builder(KEY_DOWNLOADS)
                        .description("Downloads of the instance's session keys (JWKS) from Clerk's Backend API")
                        .tag("result", result.tag()).tag("trigger", trigger.tag())
                        .register(meters))
                .increment();
    }
}
