package dev.clerksync.domain.model;

/**
 * A user's primary email address as the identity provider states it. It is not normalised:
 * the provider already lets an address belong to only one user at a time.
 */
public record EmailAddress(String value) {

    public EmailAddress {
        Text.requireNonBlank(value, "email address");
    }

    @Override
    public String toString() {
        return value;
    }
}
