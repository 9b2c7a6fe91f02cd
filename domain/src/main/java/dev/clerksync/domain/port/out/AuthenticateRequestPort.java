package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import reactor.core.publisher.Mono;

/**
 * Establishes the session state of a request from the identity provider's session token, cookies
 * and rules. Fails with {@code SessionVerificationUnavailableException} when the verification key
 * cannot be had; never blocks the calling thread.
 */
public interface AuthenticateRequestPort {

    /**
     * Establishes who is making the request.
     *
     * @param request the request's method, URL and headers
     * @return the session state (never empty)
     */
    Mono<SessionState> authenticate(AuthenticationRequest request);
}
