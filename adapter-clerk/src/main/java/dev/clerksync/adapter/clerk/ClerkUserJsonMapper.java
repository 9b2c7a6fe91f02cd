package dev.clerksync.adapter.clerk;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Maps a Clerk {@code User} JSON object to a {@link UserChange.Snapshot}. The same object is the
 * {@code data} of {@code user.created} / {@code user.updated} webhooks and the body (or an element of
 * the array) of the Backend API's {@code GET /v1/users/{id}} and {@code GET /v1/users}.
 *
 * <ul>
 *   <li>email: the {@code email_address} of the {@code email_addresses} element whose {@code id} is
 *       {@code primary_email_address_id}; none when there is no primary (phone-only and web3 users),
 *       never simply the first element.
 *   <li>name: {@code first_name} and {@code last_name} per {@link UserProfile#displayName}.
 *   <li>{@code username}, {@code image_url}: as given; JSON {@code null} is absent.
 *   <li>{@code updated_at} (epoch ms) is required because it orders changes; a missing
 *       {@code created_at} falls back to it.
 * </ul>
 */
public final class ClerkUserJsonMapper {

    private ClerkUserJsonMapper() {
    }

    /**
     * Reads a Clerk user object as a snapshot, by the rules above.
     *
     * @param user a Clerk user object (a webhook's {@code data}, or the Backend API's user)
     * @return the user and its profile
     * @throws InvalidUserDataException when the object cannot describe a user; the message names
     *     the field (e.g. "user has no updated_at") and never contains the object itself
     */
    public static UserChange.Snapshot toSnapshot(JsonNode user) {
        Objects.requireNonNull(user, "user must not be null");
        if (!user.isObject()) {
            throw new InvalidUserDataException("user is not a JSON object");
        }
        var id = new ClerkUserId(ClerkJson.string(user, "id")
                .orElseThrow(() -> new InvalidUserDataException("user has no id")));
        Instant updatedAt = ClerkJson.epochMillis(user, "updated_at")
                .orElseThrow(() -> new InvalidUserDataException("user has no updated_at (epoch milliseconds)"));
        Instant createdAt = ClerkJson.epochMillis(user, "created_at").orElse(updatedAt);
        var profile = new UserProfile(
                primaryEmail(user),
                UserProfile.displayName(ClerkJson.string(user, "first_name"), ClerkJson.string(user, "last_name")),
                ClerkJson.string(user, "username"),
                ClerkJson.string(user, "image_url"),
                createdAt,
                updatedAt);
        return new UserChange.Snapshot(id, profile);
    }

    private static Optional<EmailAddress> primaryEmail(JsonNode user) {
        Optional<String> primaryId = ClerkJson.string(user, "primary_email_address_id");
        if (primaryId.isEmpty()) {
            return Optional.empty();
        }
        JsonNode addresses = user.path("email_addresses");
        if (!addresses.isArray()) {
            return Optional.empty();
        }
        for (JsonNode address : addresses) {
            if (ClerkJson.string(address, "id").equals(primaryId)) {
                // A blank address is as good as none; EmailAddress still rejects NUL characters.
                return ClerkJson.string(address, "email_address")
                        .filter(value -> !value.isBlank())
                        .map(EmailAddress::new);
            }
        }
        return Optional.empty();
    }
}
