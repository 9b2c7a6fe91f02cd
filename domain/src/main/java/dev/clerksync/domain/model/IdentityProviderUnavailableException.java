package dev.clerksync.domain.model;

/** The identity provider's API could not be used (unreachable, failing, or throttling) after retries. */
public class IdentityProviderUnavailableException extends RuntimeException {

    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
