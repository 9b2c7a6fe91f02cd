package dev.clerksync.domain.model;

/** A webhook message id ({@code svix-id}): the same for every retry of one message.
 *
 * @param value the {@code svix-id} header's value: not blank, at most {@link #MAX_LENGTH} characters
 */
public record DeliveryId(String value) {

    /** The longest id accepted, in characters (the database column's size). */
    public static final int MAX_LENGTH = 255;

    /**
     * Validates the id.
     *
     * @throws NullPointerException     if it is null
     * @throws InvalidUserDataException if it is blank, contains a NUL character or is longer than {@link #MAX_LENGTH}
     */
    public DeliveryId {
        Text.requireNonBlank(value, "delivery id");
        if (value.length() > MAX_LENGTH) {
            throw new InvalidUserDataException("delivery id is longer than " + MAX_LENGTH + " characters");
        }
    }

    /** {@return the id itself, so that it reads naturally in messages and logs} */
    @Override
    public String toString() {
        return value;
    }
}
