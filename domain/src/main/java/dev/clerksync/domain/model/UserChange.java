package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A fact about one user learned from the identity provider, to be applied to the user table. */
public sealed interface UserChange {

    /** {@return the user the change is about} */
    ClerkUserId userId();

    /**
     * The user exists and looks like this (a created or updated user, or a user read from the provider).
     *
     * @param userId  the user
     * @param profile what the provider says about the user, as of {@link UserProfile#updatedAt()}
     */
    record Snapshot(ClerkUserId userId, UserProfile profile) implements UserChange {
        /**
         * Validates the snapshot.
         *
         * @throws NullPointerException if a component is null
         */
        public Snapshot {
            Objects.requireNonNull(userId, "userId must not be null");
            Objects.requireNonNull(profile, "profile must not be null");
        }
    }

    /**
     * The user was deleted. Final: the row becomes a tombstone with its personal data erased, and no
     * later-arriving change can bring the user back (the provider never reuses ids).
     *
     * @param userId    the deleted user
     * @param deletedAt when the provider says the user was deleted
     */
    record Deletion(ClerkUserId userId, Instant deletedAt) implements UserChange {
        /**
         * Validates the deletion.
         *
         * @throws NullPointerException if a component is null
         */
        public Deletion {
            Objects.requireNonNull(userId, "userId must not be null");
            ProviderTimes.requireWithinRange(deletedAt, "deletedAt");
        }
    }
}
