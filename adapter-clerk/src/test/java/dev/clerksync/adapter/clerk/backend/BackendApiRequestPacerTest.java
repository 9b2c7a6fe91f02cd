package dev.clerksync.adapter.clerk.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

class BackendApiRequestPacerTest {

    private static final long MARGIN = BackendApiRequestPacer.SAFETY_MARGIN_MILLIS;

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<Long> starts = new CopyOnWriteArrayList<>();

    private void request(BackendApiRequestPacer pacer, int count) {
        Flux.range(0, count)
                .flatMap(i -> pacer.awaitTurn().doOnSuccess(done -> starts.add(time.now(TimeUnit.MILLISECONDS))))
                .subscribe();
    }

    @Test
    void startsUpToTheLimitAtOnceThenOneAsEachOldStartLeavesTheWindow() {
        var pacer = BackendApiRequestPacer.onSchedulerClock(100, Duration.ofSeconds(10), time);

        request(pacer, 250);
        time.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(starts).hasSize(250);
        assertThat(starts.subList(0, 100)).containsOnly(0L);
        assertThat(starts.subList(100, 200)).containsOnly(10_000 + MARGIN);
        assertThat(starts.subList(200, 250)).containsOnly(2 * (10_000 + MARGIN));
    }

    @Test
    void neverStartsMoreThanTheLimitInAnyWindow() {
        var pacer = BackendApiRequestPacer.onSchedulerClock(100, Duration.ofSeconds(10), time);
        // Requests trickle in at irregular times, as confirmations do.
        for (int i = 0; i < 400; i++) {
            time.advanceTimeBy(Duration.ofMillis(i % 7 == 0 ? 300 : 3));
            request(pacer, 1);
        }
        time.advanceTimeBy(Duration.ofMinutes(2));

        assertThat(starts).hasSize(400);
        var sorted = starts.stream().sorted().toList();
        for (int i = 100; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 100)).as("start %d and start %d", i - 100, i)
                    .isGreaterThanOrEqualTo(10_000);
        }
    }

    @Test
    void aPauseHoldsBackEveryRequestUntilItEnds() {
        var pacer = BackendApiRequestPacer.onSchedulerClock(100, Duration.ofSeconds(10), time);
        request(pacer, 3);
        time.advanceTimeBy(Duration.ofMillis(10));

        pacer.pauseFor(Duration.ofSeconds(2));
        request(pacer, 5);
        time.advanceTimeBy(Duration.ofMillis(1_999));
        assertThat(starts).hasSize(3);

        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(starts).hasSize(8).endsWith(2_010L, 2_010L, 2_010L, 2_010L, 2_010L);
    }

    @Test
    void aShorterPauseDoesNotCutALongerOneShort() {
        var pacer = BackendApiRequestPacer.onSchedulerClock(100, Duration.ofSeconds(10), time);

        pacer.pauseFor(Duration.ofSeconds(5));
        pacer.pauseFor(Duration.ofSeconds(1));
        request(pacer, 1);
        time.advanceTimeBy(Duration.ofSeconds(10));

        assertThat(starts).containsExactly(5_000L);
    }
}
