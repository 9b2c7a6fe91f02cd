package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every expected way a delivery is refused, with the outcome it is logged and measured as and the
 * problem it is answered with. The sender retries any non-2xx, so the status says whose problem it
 * is: 400 the request's (forged or mangled), 422 a signed body we cannot use (kept by the sender and
 * shown as failed), 413 too large, 503 ours and temporary. Its detail is safe to log and to answer:
 * no body, no signature, no secret.
 */
record WebhookRefusal(String outcome, HttpStatus status, String problemType, String title, String detail,
        Optional<String> retryAfterSeconds, Optional<String> missingSetting) {

    /** While verification is not configured, an operator has to act first: retry in a minute. */
    static final String NOT_CONFIGURED_RETRY_AFTER_SECONDS = "60";

    WebhookRefusal {
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(problemType, "problemType must not be null");
        Objects.requireNonNull(title, "title must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds must not be null");
        Objects.requireNonNull(missingSetting, "missingSetting must not be null");
    }

    /** The refusal for an expected failure; empty for anything else, which is a 500 and a bug. */
    static Optional<WebhookRefusal> of(Throwable error) {
        return Optional.ofNullable(switch (error) {
            case UntrustedWebhookException e -> refusal("UNTRUSTED", HttpStatus.BAD_REQUEST, "untrusted-webhook",
                    "Webhook signature could not be verified", e.getMessage());
            case UnusableWebhookEventException e -> refusal("UNUSABLE", HttpStatus.UNPROCESSABLE_CONTENT,
                    "unusable-webhook-event", "Webhook is signed but is not a usable event", e.getMessage());
            case WebhookBodyTooLargeException e -> refusal("TOO_LARGE", HttpStatus.CONTENT_TOO_LARGE,
                    "webhook-too-large", "Webhook body is too large", e.getMessage());
            case WebhookNotConfiguredException e -> new WebhookRefusal("NOT_CONFIGURED", HttpStatus.SERVICE_UNAVAILABLE,
                    "webhook-not-configured", "Webhook verification is not configured",
                    e.getMessage() + "; set it and restart the service",
                    Optional.of(NOT_CONFIGURED_RETRY_AFTER_SECONDS), Optional.of(e.setting()));
            case UserStoreUnavailableException e -> new WebhookRefusal("UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE,
                    "database-unavailable", "The user database is unavailable",
                    "Retry later; a redelivery is applied exactly once",
                    Optional.of(ProblemResponses.RETRY_AFTER_SECONDS), Optional.empty());
            default -> null;
        });
    }

    private static WebhookRefusal refusal(String outcome, HttpStatus status, String type, String title, String detail) {
        return new WebhookRefusal(outcome, status, type, title, String.valueOf(detail), Optional.empty(), Optional.empty());
    }

    Mono<ServerResponse> respond(ServerRequest request) {
        var problem = ProblemResponses.problem(request, status, problemType, title, detail);
        missingSetting.ifPresent(setting -> problem.setProperty("missingSetting", setting));
        return ProblemResponses.respond(problem, ProblemResponses.retryAfter(retryAfterSeconds));
    }
}
