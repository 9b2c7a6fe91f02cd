package dev.clerksync.adapter.clerk.session;

import dev.clerksync.domain.model.SessionState;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Clerk's reasons ({@link SessionState.SignedOut#reason()}, {@link SessionState.Handshake#reason()})
 * gathered into a few categories an operator can watch: a metric tag with a handful of values
 * rather than Clerk's two dozen codes with their suffixes.
 */
public enum SessionReasonCategory {
    /** Signed in, or the outcome has no reason (unavailable). */
    NONE,
    /** No session cookie or header at all: an anonymous visitor. */
    NO_SESSION,
    /**
     * A fresh token from Clerk would fix it (expired, not yet valid, issued before the last sign-in,
     * a development browser to sync): a handshake for a page load, signed out for anything else.
     */
    NEEDS_REFRESH,
    /** The token can never be accepted: malformed, wrong algorithm or signature, claims, unknown key. */
    TOKEN_REJECTED,
    /** A session whose sign-in is not complete yet (pending tasks). */
    SESSION_PENDING,
    /** Back from a handshake with the new cookies. */
    HANDSHAKE_RESOLVED,
    /** A handshake that went wrong: redirect loop, invalid or unresolvable result (usually mismatched keys). */
    HANDSHAKE_FAILED,
    /** Any reason not known here. */
    OTHER;

    private static final Set<String> NEEDS_REFRESH_REASONS = Set.of("dev-browser-missing", "session-token-but-no-client-uat",
            "client-uat-but-no-session-token", "session-token-iat-before-client-uat", "session-token-nbf",
            "session-token-iat-in-the-future");
    private static final Set<String> TOKEN_REJECTED_REASONS = Arrays.stream(TokenRejectionReason.values())
            .filter(reason -> !reason.isCuredByFreshToken()).map(TokenRejectionReason::code)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> FRESH_TOKEN_REASONS = Arrays.stream(TokenRejectionReason.values())
            .filter(TokenRejectionReason::isCuredByFreshToken).map(TokenRejectionReason::code)
            .collect(Collectors.toUnmodifiableSet());

    /** The metric tag value: {@code none} is {@code -}, the others in lower case ({@code no_session}). */
    public String tag() {
        return this == NONE ? "-" : name().toLowerCase(Locale.ROOT);
    }

    /** The category of a session state's reason. */
    public static SessionReasonCategory of(SessionState state) {
        return switch (state) {
            case SessionState.SignedIn signedIn -> NONE;
            case SessionState.SignedOut signedOut -> ofReason(signedOut.reason());
            case SessionState.Handshake handshake -> ofReason(handshake.reason());
        };
    }

    static SessionReasonCategory ofReason(String reason) {
        if (reason.equals("session-token-and-uat-missing")) {
            return NO_SESSION;
        }
        if (reason.equals(ClerkRequestAuthenticationAdapter.HANDSHAKE_RESOLVED)) {
            return HANDSHAKE_RESOLVED;
        }
        if (reason.equals(ClerkRequestAuthenticationAdapter.HANDSHAKE_INVALID)
                || reason.startsWith(ClerkRequestAuthenticationAdapter.HANDSHAKE_REDIRECT_LOOP + ":")
                || reason.startsWith(ClerkRequestAuthenticationAdapter.HANDSHAKE_UNRESOLVED + ":")) {
            return HANDSHAKE_FAILED;
        }
        if (reason.equals(ClerkRequestAuthenticationAdapter.SESSION_PENDING)) {
            return SESSION_PENDING;
        }
        if (NEEDS_REFRESH_REASONS.contains(reason) || FRESH_TOKEN_REASONS.contains(reason)
                || reason.startsWith("session-token-expired-refresh-")) {
            return NEEDS_REFRESH;
        }
        if (TOKEN_REJECTED_REASONS.contains(reason)) {
            return TOKEN_REJECTED;
        }
        return OTHER;
    }
}
