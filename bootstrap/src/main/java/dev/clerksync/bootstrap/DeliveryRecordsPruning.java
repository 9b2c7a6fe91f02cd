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

    private final PruneDeliveryRecordsUseCase prune;
    private final PruneDeliveryRecordsCommand command;
    private final Duration interval;
    private final Optional<IntervalRuns> runs;

    private DeliveryRecordsPruning(PruneDeliveryRecordsUseCase prune, PruneDeliveryRecordsCommand command,
            Duration firstRunDelay, Duration interval, boolean enabled) {
        this.prune = prune;
        this.command = command;
        this.interval = interval;
        this.runs = enabled
                ? Optional.of(new IntervalRuns(firstRunDelay, interval, this::runOnce, () -> { }))
                : Optional.empty();
    }

    static DeliveryRecordsPruning every(Duration interval, Duration firstRunDelay, PruneDeliveryRecordsUseCase prune,
            PruneDeliveryRecordsCommand command) {
        return new DeliveryRecordsPruning(Objects.requireNonNull(prune), Objects.requireNonNull(command),
                Objects.requireNonNull(firstRunDelay), Objects.requireNonNull(interval), true);
    }

    /** For the one-shot commands, which must not prune. */
    static DeliveryRecordsPruning off() {
        return new DeliveryRecordsPruning(null, null, Duration.ZERO, Duration.ZERO, false);
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

    private Mono<Void> runOnce() {
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
