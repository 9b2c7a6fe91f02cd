package dev.clerksync.domain.model;

/**
 * The user table cannot be used right now (database down, no free connection in time, no answer
 * in time). The change may or may not have been applied (a statement already sent can still
 * commit); repeating it later is safe, as every change is idempotent and ordered.
 */
public class UserStoreUnavailableException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause   the database or pool failure
     */
    public UserStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
