package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ClerkUserId;
import java.util.Objects;

/** The signed-in user's own row. */
public record GetCurrentUserCommand(ClerkUserId userId) {

    public GetCurrentUserCommand {
        Objects.requireNonNull(userId, "userId must not be null");
    }
}
