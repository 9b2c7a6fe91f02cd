package dev.clerksync.domain.model;

/** A value that cannot describe a user (blank id, NUL characters, impossible timestamps). */
public class InvalidUserDataException extends IllegalArgumentException {

    public InvalidUserDataException(String message) {
        super(message);
    }
}
