package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.in.GetCurrentUserCommand;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/me}: the protected API of the guide's next step. A user who signed up a moment
 * ago and whose webhook has not landed is provisioned just in time rather than answered 404.
 * Refusals are problem details: 401 for the visitor's missing session, 404 for a deleted user, and
 * 503 with Retry-After whenever the failure is ours (keys, Clerk or the database unavailable, or
 * our secret key refused): a visitor is never told they are signed out because we could not check.
 */
public final class CurrentUserHandler {

    public static final String PATH = "/api/me";

    private static final Logger LOG = LoggerFactory.getLogger(CurrentUserHandler.class);

    private final GetCurrentUserUseCase currentUser;

    public CurrentUserHandler(GetCurrentUserUseCase currentUser) {
        this.currentUser = Objects.requireNonNull(currentUser, "currentUser must not be null");
    }

    public Mono<ServerResponse> currentUser(ServerRequest request) {
        var lookup = SessionLookup.from(request.exchange());
        if (lookup.isUnavailable()) {
            return ProblemResponses.unavailable(request, "session-verification-unavailable",
                    "Session verification is unavailable", "The session cannot be verified right now; retry later");
        }
        var session = lookup.signedIn();
        if (session.isEmpty()) {
            return notSignedIn(request);
        }
        var userId = session.get().userId();
        return currentUser.currentUser(new GetCurrentUserCommand(userId))
                .flatMap(user -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(CurrentUserResponse.of(user)))
                .switchIfEmpty(Mono.defer(() -> ProblemResponses.respond(ProblemResponses.problem(request,
                        HttpStatus.NOT_FOUND, "user-not-found", "User not found",
                        "User " + userId.value() + " was deleted or is unknown to Clerk"), headers -> { })))
                .onErrorResume(IdentityProviderUnavailableException.class, e -> {
                    LOG.warn("Clerk could not be asked for the current user: {}", e.getMessage());
                    return clerkUnavailable(request);
                })
                .onErrorResume(IdentityProviderCredentialsException.class, e -> {
                    LOG.error("Clerk refused our credentials: {}", e.getMessage());
                    return clerkUnavailable(request);
                })
                .onErrorResume(UserStoreUnavailableException.class, e -> {
                    LOG.warn("the user table could not be read: {}", e.getMessage());
                    return ProblemResponses.unavailable(request, "database-unavailable",
                            "The user database is unavailable", "Retry later");
                });
    }

    private static Mono<ServerResponse> notSignedIn(ServerRequest request) {
        var problem = ProblemResponses.problem(request, HttpStatus.UNAUTHORIZED, "not-signed-in", "Not signed in",
                "No valid session: sign in, and send the session token as a Bearer token or the __session cookie");
        return ProblemResponses.respond(problem, headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

    private static Mono<ServerResponse> clerkUnavailable(ServerRequest request) {
        return ProblemResponses.unavailable(request, "clerk-unavailable", "Clerk is unavailable",
                "The user could not be loaded from Clerk; retry later");
    }
}
