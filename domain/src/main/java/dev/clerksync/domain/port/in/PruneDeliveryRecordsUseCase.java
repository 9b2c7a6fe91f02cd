package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.PrunedDeliveryRecords;
import reactor.core.publisher.Mono;

/** Keep the table of processed delivery ids from growing without end. */
public interface PruneDeliveryRecordsUseCase {

    /**
     * Deletes the delivery records older than the command's retention.
     *
     * @param command how long records are kept
     * @return the cutoff and how many records were deleted; fails with
     *         {@code UserStoreUnavailableException} when the database cannot be used
     */
    Mono<PrunedDeliveryRecords> prune(PruneDeliveryRecordsCommand command);
}
