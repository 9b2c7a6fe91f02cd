package dev.clerksync.domain.model;

/** The identity provider's id of a user ({@code user_...}); Clerk never reuses one.
 *
 * @param value the id, as Clerk writes it: not blank, no surrounding white space, at most {@link #MAX_LENGTH} characters
 */
public record ClerkUserId(String value) {

    /** The longest id accepted, in characters (the database column's size). */
    public static final int MAX_LENGTH = 255;

    /**
     * Validates the id.
     *
     * @throws NullPointerException     if it is null
     * @throws InvalidUserDataException if it is blank, contains a NUL character, is longer than {@link #MAX_LENGTH}
     *                                  or has leading or trailing white space
     */
    public ClerkUserId {
        Text.requireNonBlank(value, "user id");
        if (value.length() > MAX_LENGTH) {
            throw new InvalidUserDataException("user id is longer than " + MAX_LENGTH + " characters");
        }
        if (!value.strip().equals(value)) {
            throw new InvalidUserDataException("user id has leading or trailing white space");
        }
    }

    /** {@return the id itself, so that it reads naturally in messages and logs} */
    @Override
    public String toString() {
        return value;
    }
}
