package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of the user table. A tombstone ({@code deletedAt} present) has no personal data left,
 * and may have no provider timestamps when the deletion was the first thing we heard of the user.
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

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }
}
