package dev.clerksync.domain.model;

/** Whether a reconcile run writes what it finds, or only reports what it would write. */
public enum ReconcileMode {
    /** Reads everything (the provider, the user table), writes nothing, counts what it would do. */
    DRY_RUN,
    /** Applies every difference under the sync rules. */
    APPLY
}
