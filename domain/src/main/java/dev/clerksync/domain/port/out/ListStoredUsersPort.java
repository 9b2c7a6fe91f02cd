package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import java.util.Collection;
import reactor.core.publisher.Flux;

/**
 * Reads the user table in bulk, for a reconcile run.
 *
 * <p>Errors: {@code UserStoreUnavailableException}.
 */
public interface ListStoredUsersPort {

    /**
     * The ids of every live (not deleted) user, in ascending order, read in bounded batches as the
     * subscriber asks for them: neither the whole table in memory nor a cursor held open. Rows
     * written while the ids are read may or may not appear.
     *
     * @return the ids, completing after the last one
     */
    Flux<ClerkUserId> liveUserIds();

    /**
     * The stored rows (tombstones included) of those of these users that are stored, in no particular order.
     *
     * @param userIds the users to read; unknown ones are simply absent from the result
     * @return the rows found
     */
    Flux<StoredUser> loadAll(Collection<ClerkUserId> userIds);
}
