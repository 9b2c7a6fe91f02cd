package dev.clerksync.application.service;

import dev.clerksync.domain.model.SessionState;
import dev.clerksync.domain.port.in.AuthenticateRequestCommand;
import dev.clerksync.domain.port.in.AuthenticateRequestUseCase;
import dev.clerksync.domain.port.out.AuthenticateRequestPort;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The session rules are the identity provider's (cookies, token claims, handshakes), so the
 * provider's adapter decides; this service keeps the web side independent of which provider it is.
 */
public class AuthenticateRequestService implements AuthenticateRequestUseCase {

    private final AuthenticateRequestPort sessions;

    public AuthenticateRequestService(AuthenticateRequestPort sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
    }

    @Override
    public Mono<SessionState> authenticate(AuthenticateRequestCommand command) {
        return sessions.authenticate(command.request());
    }
}
