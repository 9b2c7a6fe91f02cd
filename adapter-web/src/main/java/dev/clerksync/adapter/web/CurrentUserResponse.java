package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.StoredUser;
import java.time.Instant;

/** {@code GET /api/me}: the signed-in user's synced row; absent parts are JSON null. */
record CurrentUserResponse(
        String clerkId, String email, String name, String username, String imageUrl,
        Instant createdAt, Instant updatedAt) {

    static CurrentUserResponse of(StoredUser user) {
        return new CurrentUserResponse(
                user.userId().value(),
                user.email().map(EmailAddress::value).orElse(null),
                user.name().orElse(null),
                user.username().orElse(null),
                user.imageUrl().orElse(null),
                user.createdAt().orElse(null),
                user.updatedAt().orElse(null));
    }
}
