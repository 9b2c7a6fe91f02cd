package dev.clerksync.application.service;

import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.port.out.ReconcileLockPort;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/** The reconcile lock within one process: what the advisory lock provides across instances. */
final class InMemoryReconcileLock implements ReconcileLockPort {

    private final AtomicBoolean held = new AtomicBoolean();

    /** Takes the lock as another run would, without releasing it. */
    void holdElsewhere() {
        held.set(true);
    }

    boolean isHeld() {
        return held.get();
    }

    @Override
    public <T> Mono<T> runExclusively(Mono<T> run) {
        return Mono.defer(() -> held.compareAndSet(false, true)
                ? run.doFinally(signal -> held.set(false))
                : Mono.error(new ReconcileAlreadyRunningException("another reconcile run holds the lock")));
    }
}
