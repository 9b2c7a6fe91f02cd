package dev.clerksync.adapter.clerk.session;

import java.util.Objects;

/** The outcome of verifying one session token: its claims, or why it was refused. */
public sealed interface SessionTokenVerification {

    /**
     * Signature, header and every claim check passed.
     *
     * @param claims what the token says
     */
    record Verified(SessionClaims claims) implements SessionTokenVerification {
        /**
         * Validates the outcome.
         *
         * @throws NullPointerException when the claims are null
         */
        public Verified {
            Objects.requireNonNull(claims, "claims must not be null");
        }
    }

    /**
     * The token was refused.
     *
     * @param reason Clerk's reason code
     * @param message what exactly was wrong, for logs; never contains the token or a secret
     */
    record Rejected(TokenRejectionReason reason, String message) implements SessionTokenVerification {
        /**
         * Validates the outcome.
         *
         * @throws NullPointerException when a component is null
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(message, "message must not be null");
        }
    }
}
