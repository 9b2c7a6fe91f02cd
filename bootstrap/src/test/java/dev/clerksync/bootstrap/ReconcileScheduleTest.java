package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import dev.clerksync.domain.port.in.ReconcileUsersUseCase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ReconcileScheduleTest {

    /** A reconcile that takes {@code duration}, failing or refused on given runs. */
    private static final class SlowReconcile implements ReconcileUsersUseCase {

        private final Duration duration;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger mostInFlight = new AtomicInteger();
        private final List<ReconcileMode> modes = new CopyOnWriteArrayList<>();

        SlowReconcile(Duration duration) {
            this.duration = duration;
        }

        @Override
        public Mono<ReconcileReport> reconcile(ReconcileUsersCommand command) {
            return Mono.defer(() -> {
                int run = modes.size();
                modes.add(command.mode());
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Mono<ReconcileReport> outcome = switch (run) {
                    case 0 -> Mono.error(new IdentityProviderUnavailableException("Clerk is down", null));
                    case 1 -> Mono.error(new ReconcileAlreadyRunningException("another run holds the lock"));
                    default -> Mono.just(new ReconcileReport(command.mode(), ReconcileCounts.NONE, 1, 0, 0, 0, 0, duration));
                };
                return Mono.delay(duration).then(outcome).doFinally(signal -> inFlight.decrementAndGet());
            });
        }
    }

    @Test
    void runsAppliedReconcilesThatNeverOverlapAndGoesOnAfterFailures() throws InterruptedException {
        var reconcile = new SlowReconcile(Duration.ofMillis(250));
        var schedule = ReconcileSchedule.every(Duration.ofMillis(100), Duration.ZERO, reconcile,
                new ReconcileMetrics(new SimpleMeterRegistry(), Clock.systemUTC()));

        schedule.start();
        Thread.sleep(1_400);
        schedule.stop();

        assertThat(reconcile.mostInFlight).hasValue(1);
        assertThat(reconcile.modes).as("a failed and a refused run do not stop it; ticks during a run are dropped")
                .hasSizeBetween(3, 6)
                .containsOnly(ReconcileMode.APPLY);
        assertThat(schedule.isRunning()).isFalse();
    }

    @Test
    void anOffScheduleRunsNothing() {
        var schedule = ReconcileSchedule.off();

        schedule.start();

        assertThat(schedule.isRunning()).isFalse();
        assertThat(schedule.interval()).isEmpty();
    }
}
