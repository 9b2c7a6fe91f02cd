package dev.clerksync.domain.model;

/** A webhook message id ({@code svix-id}): the same for every retry of one message. */
public record DeliveryId(String value) {

    public static final int MAX_LENGTH = 255;

    public DeliveryId {
        Text.requireNonBlank(value, "delivery id");
        if (value.length() > MAX_LENGTH) {
            throw new InvalidUserDataException("delivery id is longer than " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
