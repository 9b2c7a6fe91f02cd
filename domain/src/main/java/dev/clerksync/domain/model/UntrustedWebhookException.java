package dev.clerksync.domain.model;

/**
 * A webhook that cannot be shown to come from the provider: a missing signature header, a signature
 * that does not match, or a timestamp outside the tolerance. Nothing of it may be used.
 */
public class UntrustedWebhookException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what failed to check out, without the signature or the body
     */
    public UntrustedWebhookException(String message) {
        super(message);
    }
}
