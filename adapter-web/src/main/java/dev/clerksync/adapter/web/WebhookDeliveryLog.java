package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.WebhookReceipt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * One line and one measurement per delivery: svix-id, event type, user id, outcome, duration. Never
 * the body, a signature or a secret; header values from unverified requests are reduced to safe
 * characters so a forged request cannot forge log lines. The timer {@value #DELIVERY_TIMER} counts
 * deliveries by event type, outcome and status and keeps their latency histogram; refused deliveries
 * are tagged with type {@code -}, as their type is unknown or untrusted.
 */
final class WebhookDeliveryLog {

    static final String DELIVERY_TIMER = "clerksync.webhook.delivery";
    static final String SIGNATURE_FAILURES = "clerksync.webhook.signature.failures";

    private static final Logger LOG = LoggerFactory.getLogger("dev.clerksync.webhook");
    private static final int MAX_LOGGED_ID = 64;

    private final MeterRegistry meters;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    WebhookDeliveryLog(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters must not be null");
    }

    void accepted(WebhookReceipt receipt, long startedAt) {
        measure(receipt.eventType(), receipt.result().outcome().name(), 200, startedAt);
        if (LOG.isInfoEnabled()) {
            var result = receipt.result();
            LOG.info("webhook delivery svix_id={} type={} user_id={} outcome={}{} status=200 duration_ms={}",
                    loggable(receipt.deliveryId().value()), loggable(receipt.eventType()),
                    receipt.userId().map(id -> loggable(id.value())).orElse("-"), result.outcome(),
                    result.outcome().wrote() ? " email=" + result.email() : "", millisSince(startedAt));
        }
    }

    void refused(HttpHeaders headers, Throwable error, Optional<WebhookRefusal> refusal, long startedAt) {
        var svixId = loggable(headers.getFirst("svix-id"));
        measure("-", refusal.map(WebhookRefusal::outcome).orElse("FAILED"),
                refusal.map(expected -> expected.status().value()).orElse(500), startedAt);
        if (error instanceof UntrustedWebhookException) {
            meters.counter(SIGNATURE_FAILURES).increment();
        }
        if (refusal.isEmpty()) {
            LOG.error("webhook delivery svix_id={} outcome=FAILED status=500 duration_ms={}",
                    svixId, millisSince(startedAt), error);
            return;
        }
        LOG.warn("webhook delivery svix_id={} outcome={} status={} reason=\"{}\" duration_ms={}",
                svixId, refusal.get().outcome(), refusal.get().status().value(), error.getMessage(), millisSince(startedAt));
    }

    private void measure(String type, String outcome, int status, long startedAt) {
        timers.computeIfAbsent(new TimerKey(type, outcome, status), this::register)
                .record(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
    }

    /**
     * Looking a timer up in the registry builds and sorts its tags on every call; the few
     * combinations of type, outcome and status are kept here instead. Event types come from
     * verified deliveries only, so the map stays as small as the registry's own.
     */
    private Timer register(TimerKey key) {
        return Timer.builder(DELIVERY_TIMER)
                .description("Clerk webhook deliveries by event type, outcome and HTTP status")
                .tag("type", key.type())
                .tag("outcome", key.outcome())
                .tag("status", Integer.toString(key.status()))
                .register(meters);
    }

    private record TimerKey(String type, String outcome, int status) {
    }

    static String loggable(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        var safe = new StringBuilder(Math.min(value.length(), MAX_LOGGED_ID));
        for (int i = 0; i < value.length() && safe.length() < MAX_LOGGED_ID; i++) {
            char c = value.charAt(i);
            safe.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || c == ':' ? c : '?');
        }
        return value.length() > MAX_LOGGED_ID ? safe + "…" : safe.toString();
    }

    private static long millisSince(long startedAt) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }
}
