package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of the user table. A tombstone ({@code deletedAt} present) has no personal data left,
 * and may have no provider timestamps when the deletion was the first thing we heard of the user.
 * Absent values are {@link Optional#empty()}, never null.
 *
 * @param userId    the provider's id of the user (the row's key)
 * @param email     the primary email address; empty for phone-only users, tombstones, or while another user holds it
 * @param name      the display name; empty when the user has none
 * @param username  the username; empty when the user has none
 * @param imageUrl  the profile image URL; empty when the user has none
 * @param createdAt when the provider created the user; empty for a tombstone created by the deletion
 * @param updatedAt the provider's time of the data stored, which orders changes; empty as for {@code createdAt}
 * @param deletedAt when the user was deleted; present only for a tombstone
 */
public record StoredUser(
        ClerkUserId userId,
        Optional<EmailAddress> email,
        Optional<String> name,
        Optional<String> username,
        Optional<String> imageUrl,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        Optional<Instant> deletedAt) {

    /**
     * Validates the row.
     *
     * @throws NullPointerException if a component is null (use Optional.empty() for absent values)
     */
    public StoredUser {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(email, "email must not be null (use Optional.empty())");
        Objects.requireNonNull(name, "name must not be null (use Optional.empty())");
        Objects.requireNonNull(username, "username must not be null (use Optional.empty())");
        Objects.requireNonNull(imageUrl, "imageUrl must not be null (use Optional.empty())");
        Objects.requireNonNull(createdAt, "createdAt must not be null (use Optional.empty())");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null (use Optional.empty())");
        Objects.requireNonNull(deletedAt, "deletedAt must not be null (use Optional.empty())");
    }

    /** {@return whether the row is a tombstone} */
    public boolean isDeleted() {
        return deletedAt.isPresent();
    }
}
