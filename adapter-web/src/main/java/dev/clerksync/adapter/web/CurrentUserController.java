package dev.clerksync.adapter.web;

import dev.clerksync.domain.port.in.GetCurrentUserCommand;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/me}: the protected API of the guide's next step. A user who signed up a moment
 * ago and whose webhook has not landed is provisioned just in time rather than answered 404.
 */
@RestController
public class CurrentUserController {

    private final GetCurrentUserUseCase currentUser;

    public CurrentUserController(GetCurrentUserUseCase currentUser) {
        this.currentUser = Objects.requireNonNull(currentUser, "currentUser must not be null");
    }

    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<CurrentUserResponse> me(ServerWebExchange exchange) {
        var lookup = SessionLookup.from(exchange);
        if (lookup.isUnavailable()) {
            return Mono.error(new SessionUnavailableException());
        }
        var session = lookup.signedIn();
        if (session.isEmpty()) {
            return Mono.error(new NotSignedInException());
        }
        var userId = session.get().userId();
        return currentUser.currentUser(new GetCurrentUserCommand(userId))
                .map(CurrentUserResponse::of)
                .switchIfEmpty(Mono.error(() -> new UserGoneException(userId.value())));
    }

    static final class NotSignedInException extends RuntimeException {
        NotSignedInException() {
            super("No valid session: sign in, and send the session token as a Bearer token or the __session cookie");
        }
    }

    static final class SessionUnavailableException extends RuntimeException {
        SessionUnavailableException() {
            super("The session cannot be verified right now; retry later");
        }
    }

    static final class UserGoneException extends RuntimeException {
        UserGoneException(String userId) {
            super("User " + userId + " was deleted or is unknown to Clerk");
        }
    }
}
