package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;

/**
 * Told where a reconcile run is, after each page of the provider's list and regularly while stored
 * users are confirmed, and (for those who care, such as metrics) when it starts and how it ends.
 * Called from whichever thread the run is on; it must be quick, must not block and must not throw.
 */
@FunctionalInterface
public interface ReconcileProgressListener {

    /** A listener that ignores progress. */
    ReconcileProgressListener NONE = progress -> { };

    /**
     * Receives the run's progress so far.
     *
     * @param progress where the run is; never null
     */
    void onProgress(ReconcileProgress progress);

    /** The run holds the reconcile lock and begins. */
    default void onStart(ReconcileMode mode) {
    }

    /** The run is done; this is its report. */
    default void onFinish(ReconcileReport report) {
    }

    /**
     * The run failed, or never started: a {@code ReconcileAlreadyRunningException} comes without
     * {@link #onStart}.
     */
    default void onFailure(Throwable failure) {
    }
}
