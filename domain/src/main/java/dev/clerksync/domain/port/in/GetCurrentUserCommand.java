package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ClerkUserId;
import java.util.Objects;

/**
 * The signed-in user's own row.
 *
 * @param userId the signed-in user, from a verified session
 */
public record GetCurrentUserCommand(ClerkUserId userId) {

    /**
     * Validates the command.
     *
     * @throws NullPointerException if the userId is null
     */
    public GetCurrentUserCommand {
        Objects.requireNonNull(userId, "userId must not be null");
    }
}
