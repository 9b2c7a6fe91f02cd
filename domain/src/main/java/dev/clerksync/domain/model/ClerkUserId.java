package dev.clerksync.domain.model;

/** The identity provider's id of a user ({@code user_...}); Clerk never reuses one. */
public record ClerkUserId(String value) {

    public static final int MAX_LENGTH = 255;

    public ClerkUserId {
        Text.requireNonBlank(value, "user id");
        if (value.length() > MAX_LENGTH) {
            throw new InvalidUserDataException("user id is longer than " + MAX_LENGTH + " characters");
        }
        if (!value.strip().equals(value)) {
            throw new InvalidUserDataException("user id has leading or trailing white space");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
