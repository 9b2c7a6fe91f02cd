package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.SessionState;
import reactor.core.publisher.Mono;

/**
 * Signed in, signed out, or a handshake redirect for a page load whose session must be refreshed.
 * Fails with {@code SessionVerificationUnavailableException} when the session cannot be checked.
 */
public interface AuthenticateRequestUseCase {

    /**
     * Establishes who is making the request.
     *
     * @param command the request
     * @return the session state (never empty), or an error as described above; it does not block
     */
    Mono<SessionState> authenticate(AuthenticateRequestCommand command);
}
