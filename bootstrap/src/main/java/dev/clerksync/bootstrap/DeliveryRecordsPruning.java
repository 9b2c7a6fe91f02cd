package dev.clerksync.bootstrap;

import dev.clerksync.domain.port.in.PruneDeliveryRecordsCommand;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsUseCase;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Deletes the delivery ids older than the retention every interval inside the service, from start
 * until stop, so that {@code processed_webhook_deliveries} holds days of deliveries, not all of
 * them. Runs never overlap; a failed run is logged and the next one tries again.
 */
final class DeliveryRecordsPruning implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecordsPruning.class);

    /** Empty for the one-shot commands. */
    private final Optional<IntervalRuns> runs;

    private DeliveryRecordsPruning(Optional<IntervalRuns> runs) {
        this.runs = runs;
    }

    static DeliveryRecordsPruning every(Duration interval, Duration firstRunDelay, PruneDeliveryRecordsUseCase prune,
            PruneDeliveryRecordsCommand command) {
        Objects.requireNonNull(prune, "prune must not be null");
        Objects.requireNonNull(command, "command must not be null");
        return new DeliveryRecordsPruning(Optional.of(new IntervalRuns(firstRunDelay, interval,
                () -> pruneOnce(prune, command, interval), () -> { })));
    }

    /** For the one-shot commands, which must not prune. */
    static DeliveryRecordsPruning off() {
        return new DeliveryRecordsPruning(Optional.empty());
    }

    @Override
    public void start() {
        runs.ifPresent(IntervalRuns::start);
    }

    @Override
    public void stop() {
        runs.ifPresent(IntervalRuns::stop);
    }

    @Override
    public boolean isRunning() {
        return runs.map(IntervalRuns::isRunning).orElse(false);
    }

    private static Mono<Void> pruneOnce(PruneDeliveryRecordsUseCase prune, PruneDeliveryRecordsCommand command,
            Duration interval) {
        return prune.prune(command)
                .doOnNext(pruned -> {
                    if (pruned.deleted() > 0) {
                        LOG.info("Deleted {} delivery ids processed before {} (kept for {})", pruned.deleted(),
                                pruned.cutoff(), command.retention());
                    }
                })
                .onErrorResume(e -> {
                    LOG.warn("Deleting old delivery ids failed, next try in {}: {}", interval, e.getMessage());
                    return Mono.empty();
                })
                .then();
    }
}
