package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What we keep of a live user, as of {@code updatedAt} (the provider's clock), which orders changes.
 * Absent parts are {@link Optional#empty()}, never null and never the text "null".
 *
 * @param email     the primary email address; empty when the user has none (phone-only, web3)
 * @param name      the display name (see {@link #displayName}); blank counts as absent
 * @param username  the username; blank counts as absent
 * @param imageUrl  the profile image URL; blank counts as absent
 * @param createdAt when the provider created the user
 * @param updatedAt the provider's time of this data; a change older than the stored row is not applied
 */
public record UserProfile(
        Optional<EmailAddress> email,
        Optional<String> name,
        Optional<String> username,
        Optional<String> imageUrl,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * Validates the profile; blank optional text becomes empty.
     *
     * @throws NullPointerException     if a component is null (use Optional.empty() for absent values)
     * @throws InvalidUserDataException if text contains a NUL character, which the table cannot store
     */
    public UserProfile {
        Objects.requireNonNull(email, "email must not be null (use Optional.empty())");
        name = Text.presentIfNotBlank(name, "name");
        username = Text.presentIfNotBlank(username, "username");
        imageUrl = Text.presentIfNotBlank(imageUrl, "image URL");
        ProviderTimes.requireWithinRange(createdAt, "createdAt");
        ProviderTimes.requireWithinRange(updatedAt, "updatedAt");
    }

    /**
     * The display name from given and family name: whichever are present, joined by a space;
     * empty when neither is.
     *
     * @param firstName the given name; blank counts as absent
     * @param lastName  the family name; blank counts as absent
     * @return the display name, or empty
     * @throws InvalidUserDataException if a name contains a NUL character
     */
    public static Optional<String> displayName(Optional<String> firstName, Optional<String> lastName) {
        var first = Text.presentIfNotBlank(firstName, "first name");
        var last = Text.presentIfNotBlank(lastName, "last name");
        if (first.isPresent() && last.isPresent()) {
            return Optional.of(first.get() + " " + last.get());
        }
        return first.or(() -> last);
    }
}
