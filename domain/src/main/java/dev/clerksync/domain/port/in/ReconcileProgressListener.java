package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ReconcileProgress;

/**
 * Told where a reconcile run is, after each page of the provider's list and regularly while stored
 * users are confirmed. Called from whichever thread the run is on; it must be quick and must not block.
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
}
