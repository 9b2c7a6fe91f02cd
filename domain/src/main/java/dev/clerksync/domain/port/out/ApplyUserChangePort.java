package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Applies a change to the user table atomically, safe under any concurrency across instances:
 * a snapshot is written only if it is not older than the stored row and the user is not a
 * tombstone; a deletion makes a tombstone; email conflicts are settled by recency and never
 * surface as errors. With a delivery id, a delivery already recorded yields
 * {@code DUPLICATE} and changes nothing, and the id is recorded together with the change.
 *
 * <p>Fails with {@code UserStoreUnavailableException} when the database cannot be used in time;
 * the change may or may not have been applied, and repeating it is safe.
 */
public interface ApplyUserChangePort {

    /**
     * Applies the change.
     *
     * @param change   what the provider says about the user
     * @param delivery the webhook delivery that carried it, recorded with it; empty outside webhooks
     * @return what the change did (never empty)
     */
    Mono<SyncResult> apply(UserChange change, Optional<DeliveryId> delivery);
}
