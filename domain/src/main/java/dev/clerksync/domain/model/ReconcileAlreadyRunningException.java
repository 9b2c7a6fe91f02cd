package dev.clerksync.domain.model;

/**
 * Another reconcile run (this process or another instance) holds the reconcile lock; this run did
 * nothing. Trying again after it finishes is safe.
 */
public class ReconcileAlreadyRunningException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message which lock is held
     */
    public ReconcileAlreadyRunningException(String message) {
        super(message);
    }
}
