package dev.clerksync.domain.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Who is making a request, as far as the identity provider's session says. */
public sealed interface SessionState {

    /**
     * A valid session: the user, the session, and the active organization if there is one.
     *
     * @param userId       the signed-in user
     * @param sessionId    the session's id ({@code sess_...})
     * @param organization the session's active organization; empty when none is active
     */
    record SignedIn(ClerkUserId userId, String sessionId, Optional<OrganizationMembership> organization)
            implements SessionState {
        /**
         * Validates the state.
         *
         * @throws NullPointerException if a component is null
         */
        public SignedIn {
            Objects.requireNonNull(userId, "userId must not be null");
            Objects.requireNonNull(sessionId, "sessionId must not be null");
            Objects.requireNonNull(organization, "organization must not be null (use Optional.empty())");
        }
    }

    /**
     * No usable session.
     *
     * @param reason why (no token, expired, wrong issuer, ...): for logs and debugging, never shown as an error
     */
    record SignedOut(String reason) implements SessionState {
        /**
         * Validates the state.
         *
         * @throws NullPointerException if the reason is null
         */
        public SignedOut {
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /**
     * A page load whose session must be refreshed by the identity provider first: redirect the
     * browser to {@code location} (a temporary redirect, not cached), setting these cookies.
     *
     * @param location   where to send the browser
     * @param setCookies {@code Set-Cookie} header values to send with the redirect; copied
     * @param reason     why the session needs refreshing, for logs
     */
    record Handshake(URI location, List<String> setCookies, String reason) implements SessionState {
        /**
         * Validates and copies.
         *
         * @throws NullPointerException if a component is null
         */
        public Handshake {
            Objects.requireNonNull(location, "location must not be null");
            setCookies = List.copyOf(setCookies);
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }
}
