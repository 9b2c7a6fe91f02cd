package dev.clerksync.domain.model;

/**
 * A correctly signed webhook whose body is not a usable event (not JSON, no type, no user id...).
 * It is refused rather than acknowledged, so the sender keeps it and shows it as failed.
 */
public class UnusableWebhookEventException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what is missing or wrong, naming fields only
     */
    public UnusableWebhookEventException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what is missing or wrong, naming fields only
     * @param cause   the parser's failure
     */
    public UnusableWebhookEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
