package dev.clerksync.domain.model;

/** The identity provider refused our credentials (a wrong or revoked secret key): retrying will not help. */
public class IdentityProviderCredentialsException extends RuntimeException {

    public IdentityProviderCredentialsException(String message) {
        super(message);
    }
}
