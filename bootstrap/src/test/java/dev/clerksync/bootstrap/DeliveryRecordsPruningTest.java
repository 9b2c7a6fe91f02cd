package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.PrunedDeliveryRecords;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class DeliveryRecordsPruningTest {

    @Test
    void prunesOnItsScheduleAndGoesOnAfterAFailedRun() throws InterruptedException {
        var runs = new AtomicInteger();
        var pruning = DeliveryRecordsPruning.every(Duration.ofMillis(100), Duration.ZERO, command -> Mono.defer(() ->
                runs.incrementAndGet() == 1
                        ? Mono.error(new UserStoreUnavailableException("the database is down", null))
                        : Mono.just(new PrunedDeliveryRecords(Instant.EPOCH, 5))),
                new PruneDeliveryRecordsCommand(Duration.ofDays(7)));

        pruning.start();
        Thread.sleep(550);
        pruning.stop();
        int afterStop = runs.get();
        Thread.sleep(250);

        assertThat(afterStop).as("a failed first run does not stop the schedule").isBetween(3, 7);
        assertThat(runs).as("nothing runs after stop").hasValue(afterStop);
        assertThat(pruning.isRunning()).isFalse();
    }

    @Test
    void theCommandsNeverPrune() {
        var pruning = DeliveryRecordsPruning.off();

        pruning.start();

        assertThat(pruning.isRunning()).isFalse();
    }
}
