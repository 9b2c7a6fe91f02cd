package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What we keep of a live user, as of {@code updatedAt} (the provider's clock), which orders changes.
 * Absent parts are {@link Optional#empty()}, never null and never the text "null".
 */
public record UserProfile(
        Optional<EmailAddress> email,
        Optional<String> name,
        Optional<String> username,
        Optional<String> imageUrl,
        Instant createdAt,
        Instant updatedAt) {

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
