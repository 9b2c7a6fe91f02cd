package dev.clerksync.domain.model;

/** The identity provider refused our credentials (a wrong or revoked secret key): retrying will not help. */
public class IdentityProviderCredentialsException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what was refused, without the secret itself
     */
    public IdentityProviderCredentialsException(String message) {
        super(message);
    }
}
