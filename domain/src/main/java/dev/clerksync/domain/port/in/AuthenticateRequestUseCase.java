package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.SessionState;
import reactor.core.publisher.Mono;

/**
 * Signed in, signed out, or a handshake redirect for a page load whose session must be refreshed.
 * Fails with {@code SessionVerificationUnavailableException} when the session cannot be checked.
 */
public interface AuthenticateRequestUseCase {

    Mono<SessionState> authenticate(AuthenticateRequestCommand command);
}
