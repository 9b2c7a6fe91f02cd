package dev.clerksync.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a running reconcile is: for progress lines on long runs.
 *
 * @param phase          what the run is doing
 * @param pages          pages of the provider's user list read so far
 * @param usersListed    users the provider listed so far
 * @param usersConfirmed stored users not listed by the provider that were looked up one by one so far
 * @param counts         actions so far
 * @param unusableUsers  users so far that could not be read, hence left alone
 * @param elapsed        since the run started
 */
public record ReconcileProgress(
        Phase phase, int pages, long usersListed, long usersConfirmed, ReconcileCounts counts, long unusableUsers,
        Duration elapsed) {

    /** The two passes of a run. */
    public enum Phase {
        /** Walking the provider's user list, applying each user. */
        LISTING,
        /** Looking up, one by one, the stored users the list did not contain. */
        CONFIRMING
    }

    /**
     * Validates the progress.
     *
     * @throws NullPointerException if the phase, counts or elapsed time is null
     */
    public ReconcileProgress {
        Objects.requireNonNull(phase, "phase must not be null");
        Objects.requireNonNull(counts, "counts must not be null");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
    }

    /** {@return users listed and confirmed per second since the start (0 before any time has passed)} */
    public double usersPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (usersListed + usersConfirmed) / seconds;
    }
}
