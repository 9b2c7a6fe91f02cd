package dev.clerksync.domain.model;

import java.util.Objects;

/**
 * The outcome of applying one change, and how its email address was settled.
 *
 * @param outcome what the change did to the user's row
 * @param email   whether the address was stored as given, taken over from another user, or withheld
 */
public record SyncResult(SyncOutcome outcome, EmailResolution email) {

    /**
     * Validates the result.
     *
     * @throws NullPointerException if a component is null
     */
    public SyncResult {
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(email, "email must not be null");
    }

    /**
     * A result whose email address, if any, was stored as given.
     *
     * @param outcome what the change did
     * @return the result
     */
    public static SyncResult of(SyncOutcome outcome) {
        return new SyncResult(outcome, EmailResolution.AS_GIVEN);
    }
}
