package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.UserChange;
import java.util.Objects;

/** Apply one user change learned from the provider outside a webhook (just-in-time, reconcile). */
public record SyncUserCommand(UserChange change) {

    public SyncUserCommand {
        Objects.requireNonNull(change, "change must not be null");
    }
}
