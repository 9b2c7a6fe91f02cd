package dev.clerksync.domain.port.out;

import reactor.core.publisher.Mono;

/**
 * The lock that keeps reconcile runs from overlapping, across every instance sharing the user table.
 * It is held from the subscription to {@code run} until it terminates or is cancelled, and released
 * even when the process holding it dies.
 *
 * <p>Errors: {@code ReconcileAlreadyRunningException} when another run holds it (then {@code run} is
 * never subscribed), {@code UserStoreUnavailableException} when the lock cannot be taken, and
 * whatever {@code run} fails with.
 */
public interface ReconcileLockPort {

    /**
     * Runs {@code run} while holding the lock.
     *
     * @param run the work to do under the lock; subscribed only once the lock is held
     * @param <T> what the work produces
     * @return the work's result, or an error as described above
     */
    <T> Mono<T> runExclusively(Mono<T> run);
}
