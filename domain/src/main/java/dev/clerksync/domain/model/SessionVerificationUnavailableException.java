package dev.clerksync.domain.model;

/**
 * A session token could not be checked because the key to check it with cannot be had right now
 * (the identity provider's key endpoint is down and the key is not cached). Our failure, not the
 * visitor's: it must never be answered as "signed out".
 */
public class SessionVerificationUnavailableException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message which key could not be had
     * @param cause   why (the key endpoint's failure)
     */
    public SessionVerificationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
