package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.UserChange;
import java.util.Objects;

/**
 * Apply one user change learned from the provider outside a webhook (just-in-time, reconcile).
 *
 * @param change what the provider says about the user
 */
public record SyncUserCommand(UserChange change) {

    /**
     * Validates the command.
     *
     * @throws NullPointerException if the change is null
     */
    public SyncUserCommand {
        Objects.requireNonNull(change, "change must not be null");
    }
}
