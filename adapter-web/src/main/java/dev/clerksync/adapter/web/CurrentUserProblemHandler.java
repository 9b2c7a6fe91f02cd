package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for {@code /api/me}: 401 for the visitor's missing session, 404 for a deleted
 * user, and 503 with Retry-After whenever the failure is ours (keys, Clerk or the database
 * unavailable, or our secret key refused): a visitor is never told they are signed out because we
 * could not check.
 */
@RestControllerAdvice(assignableTypes = CurrentUserController.class)
public class CurrentUserProblemHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentUserProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notSignedIn(CurrentUserController.NotSignedInException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem(HttpStatus.UNAUTHORIZED, "not-signed-in", "Not signed in", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> gone(CurrentUserController.UserGoneException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, "user-not-found", "User not found", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> sessionUnavailable(CurrentUserController.SessionUnavailableException e) {
        return unavailable("session-verification-unavailable", "Session verification is unavailable", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> clerkUnavailable(IdentityProviderUnavailableException e) {
        LOG.warn("Clerk could not be asked for the current user: {}", e.getMessage());
        return unavailable("clerk-unavailable", "Clerk is unavailable", "The user could not be loaded from Clerk; retry later");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> clerkRefused(IdentityProviderCredentialsException e) {
        LOG.error("Clerk refused our credentials: {}", e.getMessage());
        return unavailable("clerk-unavailable", "Clerk is unavailable", "The user could not be loaded from Clerk; retry later");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> databaseUnavailable(UserStoreUnavailableException e) {
        LOG.warn("the user table could not be read: {}", e.getMessage());
        return unavailable("database-unavailable", "The user database is unavailable", "Retry later");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String type, String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(WebhookProblemHandler.PROBLEM_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
