package dev.clerksync.adapter.persistence;

/**
 * A statement on the user table failed for a reason other than the database being unavailable:
 * a bug. Its message and cause carry the driver's error but never the statement's values.
 */
public class UserTableStatementException extends RuntimeException {

    UserTableStatementException(String message, Throwable cause) {
        super(message, cause);
    }
}
