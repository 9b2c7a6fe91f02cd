package dev.clerksync.domain.model;

/** The identity provider's API could not be used (unreachable, failing, or throttling) after retries. */
public class IdentityProviderUnavailableException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what could not be done, and after how many attempts
     * @param cause   the last failure
     */
    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
