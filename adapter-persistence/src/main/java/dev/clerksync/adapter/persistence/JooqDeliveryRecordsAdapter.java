package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.jooq.Tables.PROCESSED_WEBHOOK_DELIVERIES;

import dev.clerksync.adapter.persistence.jooq.tables.ProcessedWebhookDeliveries;
import dev.clerksync.domain.port.out.DeleteOldDeliveryRecordsPort;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

/**
 * Deletes old rows of {@code processed_webhook_deliveries} through jOOQ over R2DBC, in batches of
 * {@code batchSize} rows found by the {@code processed_at} index: each batch is one short statement,
 * so a backlog of millions neither holds row locks for long nor blocks deliveries recording their
 * ids meanwhile. Several instances may prune at once; a row is deleted once either way.
 */
public final class JooqDeliveryRecordsAdapter implements DeleteOldDeliveryRecordsPort {

    public static final int DEFAULT_BATCH_SIZE = 10_000;

    private static final ProcessedWebhookDeliveries D = PROCESSED_WEBHOOK_DELIVERIES;

    private final DSLContext dsl;
    private final int batchSize;
    private final Duration timeout;

    public JooqDeliveryRecordsAdapter(DSLContext dsl) {
        this(dsl, DEFAULT_BATCH_SIZE, JooqUserPersistenceAdapter.DEFAULT_TIMEOUT);
    }

    /**
     * @param dsl       a context on an R2DBC {@code ConnectionFactory}, dialect POSTGRES
     * @param batchSize rows deleted per statement
     * @param timeout   the longest one statement may take
     */
    public JooqDeliveryRecordsAdapter(DSLContext dsl, int batchSize, Duration timeout) {
        this.dsl = Objects.requireNonNull(dsl, "dsl must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    @Override
    public Mono<Long> deleteProcessedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff must not be null");
        var before = cutoff.atOffset(ZoneOffset.UTC);
        return deleteBatch(before)
                .expand(deleted -> deleted < batchSize ? Mono.empty() : deleteBatch(before))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> deleteBatch(OffsetDateTime before) {
        return DatabaseFailures.bounded(Mono.defer(() -> Mono.from(dsl.deleteFrom(D)
                        .where(D.DELIVERY_ID.in(dsl.select(D.DELIVERY_ID)
                                .from(D)
                                .where(D.PROCESSED_AT.lt(before))
                                .limit(batchSize)))))
                .map(Integer::longValue), timeout, "deleting old delivery records", "the delivery records");
    }
}
