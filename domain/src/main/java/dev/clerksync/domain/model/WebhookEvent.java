package dev.clerksync.domain.model;

import java.util.Objects;

/** A verified webhook's event: either a change to a user, or something the sync does not act on. */
public sealed interface WebhookEvent {

    /** {@return the provider's event type, e.g. {@code user.created}} */
    String type();

    /**
     * A {@code user.created}, {@code user.updated} or {@code user.deleted} event.
     *
     * @param type   the event type
     * @param change what the event says about the user
     */
    record UserChanged(String type, UserChange change) implements WebhookEvent {
        /**
         * Validates the event.
         *
         * @throws InvalidUserDataException if the type is blank
         * @throws NullPointerException     if the change is null
         */
        public UserChanged {
            Text.requireNonBlank(type, "event type");
            Objects.requireNonNull(change, "change must not be null");
        }
    }

    /**
     * Any other event type: acknowledged, nothing stored.
     *
     * @param type the event type
     */
    record Ignored(String type) implements WebhookEvent {
        /**
         * Validates the event.
         *
         * @throws InvalidUserDataException if the type is blank
         */
        public Ignored {
            Text.requireNonBlank(type, "event type");
        }
    }
}
