package dev.clerksync.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A user the identity provider listed but that cannot be read as a snapshot (no {@code updated_at},
 * a NUL character in a name...). It is neither applied nor, when its id is readable, mistaken for a
 * user the provider no longer has.
 *
 * @param userId the provider's id, when the entry has a usable one
 * @param reason what is wrong, naming fields only (never personal data)
 */
public record UnusableProviderUser(Optional<ClerkUserId> userId, String reason) {

    /**
     * Validates the entry.
     *
     * @throws NullPointerException     if the id is null
     * @throws InvalidUserDataException if the reason is blank
     */
    public UnusableProviderUser {
        Objects.requireNonNull(userId, "userId must not be null (use Optional.empty())");
        Text.requireNonBlank(reason, "reason");
    }
}
