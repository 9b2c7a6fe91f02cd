package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a prune of the delivery records did.
 *
 * @param cutoff  records of deliveries processed before this instant were deleted
 * @param deleted how many were deleted
 */
public record PrunedDeliveryRecords(Instant cutoff, long deleted) {

    /**
     * Validates the result.
     *
     * @throws NullPointerException     if the cutoff is null
     * @throws IllegalArgumentException if the count is negative
     */
    public PrunedDeliveryRecords {
        Objects.requireNonNull(cutoff, "cutoff must not be null");
        if (deleted < 0) {
            throw new IllegalArgumentException("deleted must not be negative, was " + deleted);
        }
    }
}
