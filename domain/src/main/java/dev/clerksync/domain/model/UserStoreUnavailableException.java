package dev.clerksync.domain.model;

/**
 * The user table cannot be reached right now (database down, no free connection in time).
 * Nothing was written; the same request can be retried later.
 */
public class UserStoreUnavailableException extends RuntimeException {

    public UserStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
