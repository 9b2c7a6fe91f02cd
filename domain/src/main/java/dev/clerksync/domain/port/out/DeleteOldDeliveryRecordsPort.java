package dev.clerksync.domain.port.out;

import java.time.Instant;
import reactor.core.publisher.Mono;

/** Deletes the records that make redelivered webhooks duplicates, once they are old enough. */
public interface DeleteOldDeliveryRecordsPort {

    /**
     * Deletes the records of deliveries processed before {@code cutoff}, in batches that each hold
     * their locks only briefly.
     *
     * @param cutoff records older than this go
     * @return how many were deleted; fails with {@code UserStoreUnavailableException} when the
     *         database cannot be used (what was deleted stays deleted; repeating it is safe)
     */
    Mono<Long> deleteProcessedBefore(Instant cutoff);
}
