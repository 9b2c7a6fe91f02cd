package dev.clerksync.domain.model;

/**
 * A user's primary email address as the identity provider states it. It is not normalised:
 * the provider already lets an address belong to only one user at a time.
 *
 * @param value the address as the provider sent it; not blank
 */
public record EmailAddress(String value) {

    /**
     * Generous beyond the 254 characters SMTP allows (RFC 5321 with its errata), and short enough
     * for PostgreSQL's unique index on the column: an index entry must fit in 2,704 bytes, so a
     * signed event with a 3,000-character address used to fail the statement (a 500) instead of
     * being refused as unusable.
     */
    public static final int MAX_LENGTH = 320;

    /**
     * Validates the address.
     *
     * @throws NullPointerException     if it is null
     * @throws InvalidUserDataException if it is blank, contains a NUL character or is longer than {@value #MAX_LENGTH} characters
     */
    public EmailAddress {
        Text.requireNonBlank(value, "email address");
        if (value.length() > MAX_LENGTH) {
            throw new InvalidUserDataException("email address is longer than " + MAX_LENGTH + " characters");
        }
    }

    /** {@return the address itself} */
    @Override
    public String toString() {
        return value;
    }
}
