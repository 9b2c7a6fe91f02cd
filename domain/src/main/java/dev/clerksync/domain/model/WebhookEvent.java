package dev.clerksync.domain.model;

import java.util.Objects;

/** A verified webhook's event: either a change to a user, or something the sync does not act on. */
public sealed interface WebhookEvent {

    /** The provider's event type, e.g. {@code user.created}. */
    String type();

    record UserChanged(String type, UserChange change) implements WebhookEvent {
        public UserChanged {
            Text.requireNonBlank(type, "event type");
            Objects.requireNonNull(change, "change must not be null");
        }
    }

    record Ignored(String type) implements WebhookEvent {
        public Ignored {
            Text.requireNonBlank(type, "event type");
        }
    }
}
