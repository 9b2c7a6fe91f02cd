package dev.clerksync.domain.model;

/**
 * A user's primary email address as the identity provider states it. It is not normalised:
 * the provider already lets an address belong to only one user at a time.
 *
 * @param value the address as the provider sent it; not blank
 */
public record EmailAddress(String value) {

    /**
     * Validates the address.
     *
     * @throws NullPointerException     if it is null
     * @throws InvalidUserDataException if it is blank or contains a NUL character
     */
    public EmailAddress {
        Text.requireNonBlank(value, "email address");
    }

    /** {@return the address itself} */
    @Override
    public String toString() {
        return value;
    }
}
