package dev.clerksync.domain.model;

import java.util.Objects;

/** The outcome of applying one change, and how its email address was settled. */
public record SyncResult(SyncOutcome outcome, EmailResolution email) {

    public SyncResult {
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(email, "email must not be null");
    }

    public static SyncResult of(SyncOutcome outcome) {
        return new SyncResult(outcome, EmailResolution.AS_GIVEN);
    }
}
