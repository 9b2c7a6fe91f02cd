package dev.clerksync.domain.model;

/** A value that cannot describe a user (blank id, NUL characters, impossible timestamps). */
public class InvalidUserDataException extends IllegalArgumentException {

    /**
     * Creates the exception.
     *
     * @param message which value is wrong and why, without echoing personal data
     */
    public InvalidUserDataException(String message) {
        super(message);
    }
}
