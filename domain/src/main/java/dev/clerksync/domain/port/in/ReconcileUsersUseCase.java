package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ReconcileReport;
import reactor.core.publisher.Mono;

/**
 * Backfills and repairs the user table from the identity provider's full user list, for what
 * webhooks missed (users older than the endpoint, deliveries given up on):
 * <ol>
 *   <li>every listed user is applied under the webhook's rules (newer wins, tombstones are final,
 *       email addresses go to the newer information), so a row newer than the list is never
 *       overwritten;</li>
 *   <li>then every stored live user the list did not contain is looked up on its own; only a
 *       provider that no longer knows the user makes it a tombstone. A user created or changed
 *       during the walk is thus never deleted.</li>
 * </ol>
 * Nothing is deleted unless the whole list was read. At most one run at a time, across instances.
 *
 * <p>Errors: {@code ReconcileAlreadyRunningException} (nothing done),
 * {@code IdentityProviderCredentialsException}, {@code IdentityProviderUnavailableException},
 * {@code UserStoreUnavailableException}. A failed run may have applied part of the list; running
 * it again is safe.
 */
public interface ReconcileUsersUseCase {

    /**
     * Runs one reconcile.
     *
     * @param command dry run or apply, the progress listener and the mass-deletion switch
     * @return what the run did (or would do), once it finished; or an error as described above
     */
    Mono<ReconcileReport> reconcile(ReconcileUsersCommand command);
}
