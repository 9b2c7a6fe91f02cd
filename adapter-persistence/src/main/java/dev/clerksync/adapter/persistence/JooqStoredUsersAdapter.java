package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.noCondition;

import dev.clerksync.adapter.persistence.jooq.tables.Users;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.out.ListStoredUsersPort;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record1;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The user table read in bulk for a reconcile run, through jOOQ over R2DBC.
 *
 * <p>Live user ids are read by keyset pagination on the unique {@code clerk_id} index
 * ({@code where deleted_at is null and clerk_id > :last order by clerk_id limit :batch}): each batch
 * is its own short statement, so no cursor or connection is held while the caller works through a
 * batch (a reconcile looks each one up at Clerk, which takes minutes for many users), memory stays
 * at one batch or two, and rows written meanwhile never make a batch skip or repeat an id.
 *
 * <p>Every statement is bounded by a timeout; failures to reach or use the database become
 * {@link UserStoreUnavailableException}, anything else is a bug reported without the statement's
 * values.
 */
public final class JooqStoredUsersAdapter implements ListStoredUsersPort {

    /** Ids per keyset batch, and at most this many ids per {@code in (...)} list. */
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    private static final Users U = USERS;

    private final DSLContext dsl;
    private final int batchSize;
    private final Duration timeout;

    public JooqStoredUsersAdapter(DSLContext dsl) {
        this(dsl, DEFAULT_BATCH_SIZE, JooqUserPersistenceAdapter.DEFAULT_TIMEOUT);
    }

    /**
     * @param dsl       a context on an R2DBC {@code ConnectionFactory}, dialect POSTGRES
     * @param batchSize ids per batch
     * @param timeout   the longest one statement may take
     */
    public JooqStoredUsersAdapter(DSLContext dsl, int batchSize, Duration timeout) {
        this.dsl = Objects.requireNonNull(dsl, "dsl must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    @Override
    public Flux<ClerkUserId> liveUserIds() {
        return liveIdsAfter(Optional.empty())
                // expand reads the next batch only once this one has been handed on.
                .expand(batch -> batch.size() < batchSize ? Mono.empty() : liveIdsAfter(Optional.of(batch.getLast())))
                // One batch at a time: no more than a batch or two read ahead of the subscriber.
                .flatMapIterable(batch -> batch, 1)
                .map(ClerkUserId::new);
    }

    @Override
    public Flux<StoredUser> loadAll(Collection<ClerkUserId> userIds) {
        Objects.requireNonNull(userIds, "userIds must not be null");
        var ids = userIds.stream().map(ClerkUserId::value).distinct().toList();
        return Flux.fromIterable(ids)
                .buffer(batchSize)
                .concatMap(this::rows);
    }

    private Mono<List<String>> liveIdsAfter(Optional<String> lastId) {
        return whenAskedFor(() -> bounded(Flux.defer(() -> dsl.select(U.CLERK_ID)
                        .from(U)
                        .where(U.DELETED_AT.isNull())
                        .and(lastId.map(U.CLERK_ID::gt).orElse(noCondition()))
                        .orderBy(U.CLERK_ID)
                        .limit(batchSize))
                .map(Record1::value1)
                .collectList()));
    }

    private Flux<StoredUser> rows(List<String> ids) {
        return whenAskedFor(() -> bounded(Flux.defer(() -> dsl.selectFrom(U).where(U.CLERK_ID.in(ids)))
                .map(JooqUserPersistenceAdapter::toStoredUser)
                .collectList()))
                .flatMapIterable(rows -> rows);
    }

    /**
     * The statement, subscribed to (and so timed) only once its result is asked for. {@code expand}
     * subscribes to the next batch as soon as the previous one is out, before the subscriber asks
     * for it (it may be busy for minutes with the previous batch, looking users up at Clerk), and
     * {@code collectList} only runs the query on demand: timed from subscription, the statement
     * would time out while waiting to be asked. {@code Mono.just} emits on request, and only then
     * does {@code flatMap} subscribe to the statement; {@code hide()} keeps Reactor from applying
     * the mapper at subscription, as it does for a constant source.
     */
    private static <T> Mono<T> whenAskedFor(Supplier<Mono<T>> statement) {
        return Mono.just(statement).hide().flatMap(Supplier::get);
    }

    private <T> Mono<T> bounded(Mono<T> statement) {
        return DatabaseFailures.bounded(statement, timeout, "a user table read", "the user table");
    }
}
