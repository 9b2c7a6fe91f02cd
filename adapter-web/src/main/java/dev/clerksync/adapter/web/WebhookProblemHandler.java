package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.UntrustedWebhookException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.model.WebhookNotConfiguredException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for every way a delivery can be refused. The sender retries any
 * non-2xx, so the status says whose problem it is: 400 the request's (forged or mangled),
 * 422 a signed body we cannot use (kept by the sender and shown as failed), 413 too large,
 * 503 ours and temporary.
 */
@RestControllerAdvice(assignableTypes = ClerkWebhookController.class)
public class WebhookProblemHandler {

    static final String PROBLEM_BASE = "https://clerksync.dev/problems/";
    /** Seconds a sender should wait before retrying while the database is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> untrusted(UntrustedWebhookException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "untrusted-webhook",
                "Webhook signature could not be verified", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unusable(UnusableWebhookEventException e) {
        return ResponseEntity.unprocessableContent().body(problem(HttpStatus.UNPROCESSABLE_CONTENT,
                "unusable-webhook-event", "Webhook is signed but is not a usable event", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(WebhookBodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "webhook-too-large", "Webhook body is too large", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notConfigured(WebhookNotConfiguredException e) {
        var problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "webhook-not-configured",
                "Webhook verification is not configured", e.getMessage() + "; set it and restart the service");
        problem.setProperty("missingSetting", e.setting());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "60").body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(UserStoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "The user database is unavailable", "Retry later; a redelivery is applied exactly once"));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
