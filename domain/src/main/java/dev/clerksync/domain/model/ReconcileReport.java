package dev.clerksync.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * What a finished reconcile run did (or, in a dry run, would have done).
 *
 * @param mode                 dry run or applied
 * @param counts               per action; local tombstones count as unchanged
 * @param pages                pages of the provider's user list read
 * @param usersListed          users the provider listed (usable or not)
 * @param unusableUsers        listed users that could not be read, hence left alone
 * @param usersConfirmed       stored live users the list did not contain, looked up one by one
 * @param usersStillPresent    of those, the ones the provider still has (created or changed during the walk)
 * @param elapsed              the run's duration
 */
public record ReconcileReport(
        ReconcileMode mode,
        ReconcileCounts counts,
        int pages,
        long usersListed,
        long unusableUsers,
        long usersConfirmed,
        long usersStillPresent,
        Duration elapsed) {

    /**
     * Validates the report.
     *
     * @throws NullPointerException if the mode, counts or elapsed time is null
     */
    public ReconcileReport {
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(counts, "counts must not be null");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
    }
}
