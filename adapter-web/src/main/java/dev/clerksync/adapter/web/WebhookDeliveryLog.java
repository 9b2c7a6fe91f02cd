package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import dev.clerksync.domain.model.WebhookReceipt;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * One line per delivery: svix-id, event type, user id, outcome, duration. Never the body, a
 * signature or a secret; header values from unverified requests are reduced to safe characters
 * so a forged request cannot forge log lines.
 */
final class WebhookDeliveryLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.clerksync.webhook");
    private static final int MAX_LOGGED_ID = 64;

    void accepted(WebhookReceipt receipt, long startedAt) {
        if (LOG.isInfoEnabled()) {
            var result = receipt.result();
            LOG.info("webhook delivery svix_id={} type={} user_id={} outcome={}{} status=200 duration_ms={}",
                    loggable(receipt.deliveryId().value()), loggable(receipt.eventType()),
                    receipt.userId().map(id -> loggable(id.value())).orElse("-"), result.outcome(),
                    result.outcome().wrote() ? " email=" + result.email() : "", millisSince(startedAt));
        }
    }

    void refused(HttpHeaders headers, Throwable error, long startedAt) {
        var svixId = loggable(headers.getFirst("svix-id"));
        var refusal = Refusal.of(error);
        if (refusal.isEmpty()) {
            LOG.error("webhook delivery svix_id={} outcome=FAILED status=500 duration_ms={}",
                    svixId, millisSince(startedAt), error);
            return;
        }
        LOG.warn("webhook delivery svix_id={} outcome={} status={} reason=\"{}\" duration_ms={}",
                svixId, refusal.get().outcome(), refusal.get().status(), error.getMessage(), millisSince(startedAt));
    }

    /** An expected refusal: its outcome and status; its message is safe to log (no body, no secret). */
    private record Refusal(String outcome, int status) {

        static Optional<Refusal> of(Throwable error) {
            return Optional.ofNullable(switch (error) {
                case UntrustedWebhookException e -> new Refusal("UNTRUSTED", 400);
                case UnusableWebhookEventException e -> new Refusal("UNUSABLE", 422);
                case WebhookBodyTooLargeException e -> new Refusal("TOO_LARGE", 413);
                case WebhookNotConfiguredException e -> new Refusal("NOT_CONFIGURED", 503);
                case UserStoreUnavailableException e -> new Refusal("UNAVAILABLE", 503);
                default -> null;
            });
        }
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
