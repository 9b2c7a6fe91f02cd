package dev.clerksync.application.service;

import dev.clerksync.domain.model.PrunedDeliveryRecords;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsCommand;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsUseCase;
import dev.clerksync.domain.port.out.DeleteOldDeliveryRecordsPort;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Deletes the delivery records processed before now minus the retention. */
public final class PruneDeliveryRecordsService implements PruneDeliveryRecordsUseCase {

    private final DeleteOldDeliveryRecordsPort records;
    private final Clock clock;

    public PruneDeliveryRecordsService(DeleteOldDeliveryRecordsPort records, Clock clock) {
        this.records = Objects.requireNonNull(records, "records must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public Mono<PrunedDeliveryRecords> prune(PruneDeliveryRecordsCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        return Mono.defer(() -> {
            var cutoff = clock.instant().minus(command.retention());
            return records.deleteProcessedBefore(cutoff).map(deleted -> new PrunedDeliveryRecords(cutoff, deleted));
        });
    }
}
