package dev.clerksync.domain.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * Forget the delivery ids of webhooks processed longer ago than {@code retention}. A message Svix
 * delivers again after its record is gone is applied again, which the ordering rules make harmless
 * (an older snapshot is stale, a deletion stays a deletion); within the retention it is a duplicate.
 *
 * @param retention how long a delivery id is kept; at least {@link #SHORTEST_RETENTION}
 */
public record PruneDeliveryRecordsCommand(Duration retention) {

    /**
     * Svix retries a failed message for about 28 hours; two days keep every automatic retry a
     * duplicate.
     */
    public static final Duration SHORTEST_RETENTION = Duration.ofDays(2);

    /**
     * Validates the command.
     *
     * @throws NullPointerException     if the retention is null
     * @throws IllegalArgumentException if the retention is shorter than {@link #SHORTEST_RETENTION}
     */
    public PruneDeliveryRecordsCommand {
        Objects.requireNonNull(retention, "retention must not be null");
        if (retention.compareTo(SHORTEST_RETENTION) < 0) {
            throw new IllegalArgumentException("retention must be at least " + SHORTEST_RETENTION.toDays()
                    + " days (Svix retries a message for about 28 hours), was " + retention);
        }
    }
}
