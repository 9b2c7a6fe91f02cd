package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.SessionState;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * The outcome of authenticating a request, kept on the exchange for handlers: a session state, or
 * "could not be checked" (our failure, which handlers answer with 503, never as signed out).
 */
record SessionLookup(Optional<SessionState> state) {

    static final String ATTRIBUTE = SessionLookup.class.getName();

    static SessionLookup of(SessionState state) {
        return new SessionLookup(Optional.of(state));
    }

    static SessionLookup unavailable() {
        return new SessionLookup(Optional.empty());
    }

    /** The lookup the session filter stored; a request it skipped counts as signed out. */
    static SessionLookup from(ServerWebExchange exchange) {
        SessionLookup lookup = exchange.getAttribute(ATTRIBUTE);
        return lookup != null ? lookup : of(new SessionState.SignedOut("not-authenticated"));
    }

    boolean isUnavailable() {
        return state.isEmpty();
    }

    Optional<SessionState.SignedIn> signedIn() {
        return state.filter(SessionState.SignedIn.class::isInstance).map(SessionState.SignedIn.class::cast);
    }
}
