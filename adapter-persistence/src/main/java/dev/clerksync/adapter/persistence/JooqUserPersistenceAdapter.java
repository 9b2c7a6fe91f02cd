package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.jooq.Tables.PROCESSED_WEBHOOK_DELIVERIES;
import static dev.clerksync.adapter.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.insertInto;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.update;
import static org.jooq.impl.DSL.when;
import static org.jooq.impl.DSL.with;

import dev.clerksync.adapter.persistence.jooq.tables.Users;
import dev.clerksync.adapter.persistence.jooq.tables.records.UsersRecord;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.EmailResolution;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.LoadUserPort;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The user table in PostgreSQL, through jOOQ over R2DBC.
 *
 * <p>Each change is ONE statement (one round trip, its own implicit transaction): a chain of
 * data-modifying common table expressions that records the delivery id, decides whether the change
 * applies, settles the email address and writes the row, then reports what it did. Correctness
 * under concurrency (several instances, duplicated and reordered deliveries) rests on row locks and
 * unique indexes, never on a read-then-write in the application:
 * <ul>
 *   <li>the delivery id is inserted first with {@code on conflict do nothing}: a concurrent
 *       statement with the same id waits for the first to commit and then sees a duplicate;</li>
 *   <li>a snapshot locks the user's row ({@code for update}) before deciding, so the decision and
 *       the write see the same, latest version; a user not yet stored is inserted without
 *       {@code on conflict}, so two first snapshots of one user racing make one of them fail with a
 *       unique violation and the whole statement (delivery id included) is retried and then takes
 *       the update path — this is what keeps CREATED and UPDATED exact;</li>
 *   <li>a race on an email address (another statement gives it to someone at the same time), a
 *       deadlock between two statements swapping addresses, or a serialization failure undo the whole
 *       statement, which is retried a few times with small jittered delays.</li>
 * </ul>
 *
 * <p>The two change statements are built with jOOQ and rendered once, with numbered parameters;
 * each delivery binds its values on a pooled R2DBC connection, so r2dbc-postgresql parses and plans
 * each statement once per connection (its prepared-statement cache) and no delivery pays for
 * rendering. The read ({@link #load}) is rendered once and run the same way.
 *
 * <p>Every call is bounded by a timeout (default {@value #DEFAULT_TIMEOUT_SECONDS} s, retries
 * included). Changes are also admitted only up to a number in progress at once (waiting for a
 * connection or running): beyond it a change is refused at once as unavailable, so that under
 * overload the sender hears "retry later" in milliseconds instead of after the timeout, and the
 * changes already admitted keep getting connections in time. Failures to reach or use the database (connection refused or lost, pool exhausted,
 * timeouts, server shutting down, too many connections, retries exhausted) become
 * {@link UserStoreUnavailableException}; any other error is a bug and propagates unchanged.
 */
public final class JooqUserPersistenceAdapter implements ApplyUserChangePort, LoadUserPort {

    static final long DEFAULT_TIMEOUT_SECONDS = 5;

    /** Default bound on one call, retries included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

    /** Retries after a concurrency conflict (the first attempt not counted). */
    static final int MAX_RETRIES = 10;

    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(5);

    static final Duration MAX_RETRY_DELAY = Duration.ofMillis(200);

    private static final Users U = USERS;

    /** SQL null written as such, not as a bind value. */
    private static final Field<String> NO_TEXT = inline(null, U.EMAIL);

    /** Default bound on changes in progress at once: no bound. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final ConnectionFactory connectionFactory;
    private final Duration timeout;
    private final Retry retryOnConflict;
    private final int maxChangesInProgress;
    private final AtomicInteger changesInProgress = new AtomicInteger();

    public JooqUserPersistenceAdapter(DSLContext dsl) {
        this(dsl, DEFAULT_TIMEOUT);
    }

    public JooqUserPersistenceAdapter(DSLContext dsl, Duration timeout) {
        this(dsl, timeout, UNBOUNDED);
    }

    /**
     * @param dsl     a context on an R2DBC {@code ConnectionFactory} (ideally a pool), dialect POSTGRES
     * @param timeout the longest one call may take, retries included, before it fails with
     *                {@link UserStoreUnavailableException}
     * @param maxChangesInProgress how many {@link #apply} calls may be in progress at once; one more
     *                fails at once with {@link UserStoreUnavailableException}
     */
    public JooqUserPersistenceAdapter(DSLContext dsl, Duration timeout, int maxChangesInProgress) {
        Objects.requireNonNull(dsl, "dsl must not be null");
        this.connectionFactory = Objects.requireNonNull(dsl.configuration().connectionFactory(),
                "dsl must be built on an R2DBC ConnectionFactory");
        if (maxChangesInProgress < 1) {
            throw new IllegalArgumentException("maxChangesInProgress must be at least 1, was " + maxChangesInProgress);
        }
        this.maxChangesInProgress = maxChangesInProgress;
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.retryOnConflict = Retry.backoff(MAX_RETRIES, FIRST_RETRY_DELAY)
                .maxBackoff(MAX_RETRY_DELAY)
                .jitter(0.5)
                .filter(DatabaseFailures::isConcurrencyConflict)
                .onRetryExhaustedThrow((spec, signal) -> new UserStoreUnavailableException(
                        "the user table stayed contended: " + (signal.totalRetries() + 1)
                                + " attempts ended in a concurrency conflict", signal.failure()));
    }

    @Override
    public Mono<SyncResult> apply(UserChange change, Optional<DeliveryId> delivery) {
        Objects.requireNonNull(change, "change must not be null");
        Objects.requireNonNull(delivery, "delivery must not be null (use Optional.empty())");
        String deliveryId = delivery.map(DeliveryId::value).orElse(null);
        return admitted(() -> switch (change) {
            case UserChange.Snapshot snapshot -> {
                var profile = snapshot.profile();
                Object[] values = {
                        snapshot.userId().value(),
                        toTimestamp(profile.updatedAt()),
                        profile.email().map(EmailAddress::value).orElse(null),
                        profile.name().orElse(null),
                        profile.username().orElse(null),
                        profile.imageUrl().orElse(null),
                        toTimestamp(profile.createdAt()),
                        deliveryId};
                yield execute(delivery.isPresent() ? SNAPSHOT_WITH_DELIVERY : SNAPSHOT, values,
                        row -> snapshotResult(snapshot, row));
            }
            case UserChange.Deletion deletion -> {
                Object[] values = {deletion.userId().value(), toTimestamp(deletion.deletedAt()), deliveryId};
                yield execute(delivery.isPresent() ? DELETION_WITH_DELIVERY : DELETION, values,
                        JooqUserPersistenceAdapter::deletionResult);
            }
        });
    }

    /** The change if fewer than the maximum are in progress, else an immediate "unavailable". */
    private Mono<SyncResult> admitted(Supplier<Mono<SyncResult>> change) {
        return Mono.defer(() -> {
            if (changesInProgress.incrementAndGet() > maxChangesInProgress) {
                changesInProgress.decrementAndGet();
                return Mono.error(new UserStoreUnavailableException("the user table is overloaded: "
                        + maxChangesInProgress + " changes are already in progress", null));
            }
            return change.get().doFinally(signal -> changesInProgress.decrementAndGet());
        });
    }

    @Override
    public Mono<StoredUser> load(ClerkUserId userId) {
        Objects.requireNonNull(userId, "userId must not be null");
        return DatabaseFailures.bounded(rows(LOAD, new Object[] {userId.value()}, JooqUserPersistenceAdapter::loadedUser)
                .singleOrEmpty(), timeout, STATEMENT, TABLE);
    }

    // ---------------------------------------------------------------------------------------------
    // Execution: retry the whole statement on concurrency conflicts, bound it in time, translate.

    private Mono<SyncResult> execute(
            RenderedStatement statement, Object[] values, Function<Readable, SyncResult> interpret) {
        // Flux + single(): wait for the statement to complete (and so to commit), not just for its row.
        return DatabaseFailures.bounded(rows(statement, values, interpret)
                .single()
                .retryWhen(retryOnConflict), timeout, STATEMENT, TABLE);
    }

    /**
     * Runs a statement jOOQ rendered once (see {@link RenderedStatement}) on a pooled connection:
     * rendering the change statement's tree for every delivery cost about a third of the service's
     * CPU per delivery, and the unchanged text lets r2dbc-postgresql reuse its prepared statement.
     * The read of {@code GET /api/me} runs the same way: through jOOQ's own R2DBC execution it
     * rendered its select and mapped the record on every request, and the first requests made the
     * JIT compile that machinery while the service's memory peaked.
     */
    private <T> Flux<T> rows(RenderedStatement statement, Object[] values, Function<Readable, T> map) {
        return Flux.usingWhen(
                connectionFactory.create(),
                connection -> Flux.from(statement.bind(connection, values).execute())
                        .concatMap(result -> result.map(map)),
                Connection::close);
    }

    /** For failure messages, which never carry jOOQ's statement text (it inlines the values). */
    private static final String STATEMENT = "a user table statement";
    private static final String TABLE = "the user table";

    /**
     * A statement built with jOOQ and rendered once, with numbered parameters ({@code $1}, ... as
     * PostgreSQL numbers them; a value used in several places is bound once), and the Java type of
     * each parameter, needed to bind a SQL null.
     */
    record RenderedStatement(String sql, List<Class<?>> parameterTypes) {

        private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES,
                new Settings().withParamType(ParamType.NAMED).withRenderNamedParamPrefix("$"));

        static RenderedStatement render(Query query, List<Param<?>> parameters) {
            for (int i = 0; i < parameters.size(); i++) {
                if (!parameters.get(i).getParamName().equals(String.valueOf(i + 1))) {
                    throw new IllegalArgumentException("parameter " + (i + 1) + " is named " + parameters.get(i).getParamName());
                }
            }
            String sql = RENDERER.renderNamedParams(query);
            if (sql.contains("?")) {
                throw new IllegalStateException("an unnumbered bind value is left in: " + sql);
            }
            return new RenderedStatement(sql, parameters.stream().<Class<?>>map(Param::getType).toList());
        }

        Statement bind(Connection connection, Object[] values) {
            Statement statement = connection.createStatement(sql);
            for (int i = 0; i < parameterTypes.size(); i++) {
                if (values[i] == null) {
                    statement.bindNull(i, parameterTypes.get(i));
                } else {
                    statement.bind(i, values[i]);
                }
            }
            return statement;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters, in the order they are bound

    private static final Param<String> CLERK_ID = param("1", U.CLERK_ID);
    private static final Param<OffsetDateTime> UPDATED_AT = param("2", U.CLERK_UPDATED_AT);
    private static final Param<String> EMAIL = param("3", U.EMAIL);
    private static final Param<String> NAME = param("4", U.NAME);
    private static final Param<String> USERNAME = param("5", U.USERNAME);
    private static final Param<String> IMAGE_URL = param("6", U.IMAGE_URL);
    private static final Param<OffsetDateTime> CREATED_AT = param("7", U.CLERK_CREATED_AT);
    private static final Param<String> SNAPSHOT_DELIVERY = param("8", PROCESSED_WEBHOOK_DELIVERIES.DELIVERY_ID);
    private static final List<Param<?>> SNAPSHOT_PARAMETERS =
            List.of(CLERK_ID, UPDATED_AT, EMAIL, NAME, USERNAME, IMAGE_URL, CREATED_AT, SNAPSHOT_DELIVERY);

    private static final Param<OffsetDateTime> DELETED_AT = param("2", U.DELETED_AT);
    private static final Param<String> DELETION_DELIVERY = param("3", PROCESSED_WEBHOOK_DELIVERIES.DELIVERY_ID);
    private static final List<Param<?>> DELETION_PARAMETERS = List.of(CLERK_ID, DELETED_AT, DELETION_DELIVERY);

    // ---------------------------------------------------------------------------------------------
    // Load

    static final RenderedStatement LOAD = RenderedStatement.render(
            select(U.CLERK_ID, U.EMAIL, U.NAME, U.USERNAME, U.IMAGE_URL, U.CLERK_CREATED_AT, U.CLERK_UPDATED_AT,
                    U.DELETED_AT).from(U).where(U.CLERK_ID.eq(CLERK_ID)),
            List.of(CLERK_ID));

    /** A row of {@link #LOAD}, its columns read by the generated names and types. */
    private static StoredUser loadedUser(Readable row) {
        return storedUser(column(row, U.CLERK_ID), column(row, U.EMAIL), column(row, U.NAME),
                column(row, U.USERNAME), column(row, U.IMAGE_URL), column(row, U.CLERK_CREATED_AT),
                column(row, U.CLERK_UPDATED_AT), column(row, U.DELETED_AT));
    }

    private static <T> T column(Readable row, Field<T> field) {
        return row.get(field.getName(), field.getType());
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshot

    private static final Field<Boolean> RECORDED = field(name("recorded"), Boolean.class);
    private static final Field<Boolean> CREATED = field(name("created"), Boolean.class);
    private static final Field<Boolean> UPDATED = field(name("updated"), Boolean.class);
    private static final Field<Boolean> TOMBSTONE = field(name("tombstone"), Boolean.class);
    private static final Field<Boolean> TAKEN_OVER = field(name("taken_over"), Boolean.class);
    private static final Field<String> STORED_EMAIL = field(name("stored_email"), String.class);
    private static final Field<Boolean> DELETED = field(name("deleted"), Boolean.class);

    static final RenderedStatement SNAPSHOT_WITH_DELIVERY =
            RenderedStatement.render(snapshotStatement(true), SNAPSHOT_PARAMETERS);
    static final RenderedStatement SNAPSHOT =
            RenderedStatement.render(snapshotStatement(false), SNAPSHOT_PARAMETERS.subList(0, 7));

    /**
     * <pre>
     * with delivery   as (insert the delivery id, on conflict do nothing, returning it)     -- only with an id
     *      stored     as materialized (the user's row, locked: for update)                    -- skipped for a duplicate
     *      applicable as (one row if: delivery recorded, and the row is neither a tombstone nor newer)
     *      released   as (clear the email of the OTHER live row holding it, if that row is older than the snapshot)
     *      inserted   as (insert the user when there was no row: plain insert, a racing insert fails and is retried)
     *      updated    as (update the locked row)
     * select recorded, created, updated, tombstone, taken_over, stored_email
     * </pre>
     * The email written is the snapshot's unless another row holds it with information as new or
     * newer (then none: withheld). The sub-statements share one snapshot of the data, so the holder
     * is still visible to the "withheld" test after {@code released} cleared it; the unique index
     * does see that same-statement update, and {@code released} is forced to run before the user's
     * row is written because the email expression reads it.
     */
    private static Query snapshotStatement(boolean withDelivery) {
        Field<String> clerkId = CLERK_ID;
        Field<OffsetDateTime> updatedAt = UPDATED_AT;
        Field<String> email = EMAIL;

        List<CommonTableExpression<?>> ctes = new ArrayList<>();
        Optional<CommonTableExpression<Record1<String>>> recordedDelivery =
                withDelivery ? Optional.of(recordDelivery(SNAPSHOT_DELIVERY)) : Optional.empty();
        recordedDelivery.ifPresent(ctes::add);
        Condition isNewDelivery = recordedDelivery.map(d -> exists(selectOne().from(d))).orElse(noCondition());

        var stored = name("stored").asMaterialized(
                select(U.DELETED_AT, U.CLERK_UPDATED_AT)
                        .from(U)
                        .where(U.CLERK_ID.eq(clerkId))
                        .and(isNewDelivery)
                        .forUpdate());
        ctes.add(stored);

        var applicable = name("applicable").as(
                select(inline(1).as("applies"))
                        .where(isNewDelivery)
                        .andNotExists(selectOne().from(stored).where(
                                stored.field(U.DELETED_AT).isNotNull()
                                        .or(stored.field(U.CLERK_UPDATED_AT).gt(updatedAt)))));
        ctes.add(applicable);

        var released = name("released").as(
                update(U)
                        .set(U.EMAIL, NO_TEXT)
                        .set(U.SYNCED_AT, currentOffsetDateTime())
                        .where(U.EMAIL.eq(email))
                        .and(U.CLERK_ID.ne(clerkId))
                        .and(U.DELETED_AT.isNull())
                        .and(U.CLERK_UPDATED_AT.lt(updatedAt))
                        .andExists(selectOne().from(applicable))
                        .returningResult(U.ID));
        ctes.add(released);

        Users holder = U.as("holder");
        Field<String> emailToStore = when(exists(selectOne().from(released)), email)
                .when(exists(selectOne().from(holder)
                                .where(holder.EMAIL.eq(email))
                                .and(holder.CLERK_ID.ne(clerkId))
                                .and(holder.CLERK_UPDATED_AT.ge(updatedAt))),
                        NO_TEXT)
                .otherwise(email);

        var inserted = name("inserted").as(
                insertInto(U, U.CLERK_ID, U.EMAIL, U.NAME, U.USERNAME, U.IMAGE_URL, U.CLERK_CREATED_AT, U.CLERK_UPDATED_AT)
                        .select(select(clerkId, emailToStore, NAME, USERNAME, IMAGE_URL, CREATED_AT, updatedAt)
                                .from(applicable)
                                .whereNotExists(selectOne().from(stored)))
                        .returningResult(U.EMAIL));
        ctes.add(inserted);

        var updated = name("updated").as(
                update(U)
                        .set(U.EMAIL, emailToStore)
                        .set(U.NAME, NAME)
                        .set(U.USERNAME, USERNAME)
                        .set(U.IMAGE_URL, IMAGE_URL)
                        .set(U.CLERK_CREATED_AT, CREATED_AT)
                        .set(U.CLERK_UPDATED_AT, updatedAt)
                        .set(U.SYNCED_AT, currentOffsetDateTime())
                        .where(U.CLERK_ID.eq(clerkId))
                        // Already decided under the row lock; repeated so the write alone is safe.
                        .and(U.DELETED_AT.isNull())
                        .and(U.CLERK_UPDATED_AT.le(updatedAt))
                        .andExists(selectOne().from(applicable))
                        .returningResult(U.EMAIL));
        ctes.add(updated);

        return with(ctes).select(
                recordedDelivery.map(d -> field(exists(selectOne().from(d)))).orElse(inline(true)).as(RECORDED),
                field(exists(selectOne().from(inserted))).as(CREATED),
                field(exists(selectOne().from(updated))).as(UPDATED),
                field(exists(selectOne().from(stored).where(stored.field(U.DELETED_AT).isNotNull()))).as(TOMBSTONE),
                field(exists(selectOne().from(released))).as(TAKEN_OVER),
                coalesce(
                        field(select(inserted.field(U.EMAIL)).from(inserted)),
                        field(select(updated.field(U.EMAIL)).from(updated))).as(STORED_EMAIL));
    }

    private static SyncResult snapshotResult(UserChange.Snapshot snapshot, Readable row) {
        if (!flag(row, RECORDED)) {
            return SyncResult.of(SyncOutcome.DUPLICATE);
        }
        boolean created = flag(row, CREATED);
        if (!created && !flag(row, UPDATED)) {
            return SyncResult.of(flag(row, TOMBSTONE) ? SyncOutcome.ALREADY_DELETED : SyncOutcome.STALE);
        }
        SyncOutcome outcome = created ? SyncOutcome.CREATED : SyncOutcome.UPDATED;
        EmailResolution resolution;
        if (snapshot.profile().email().isPresent() && row.get(STORED_EMAIL.getName(), String.class) == null) {
            resolution = EmailResolution.WITHHELD;
        } else if (flag(row, TAKEN_OVER)) {
            resolution = EmailResolution.TAKEN_OVER;
        } else {
            resolution = EmailResolution.AS_GIVEN;
        }
        return new SyncResult(outcome, resolution);
    }

    private static boolean flag(Readable row, Field<Boolean> column) {
        return Boolean.TRUE.equals(row.get(column.getName(), Boolean.class));
    }

    // ---------------------------------------------------------------------------------------------
    // Deletion

    static final RenderedStatement DELETION_WITH_DELIVERY =
            RenderedStatement.render(deletionStatement(true), DELETION_PARAMETERS);
    static final RenderedStatement DELETION =
            RenderedStatement.render(deletionStatement(false), DELETION_PARAMETERS.subList(0, 2));

    /**
     * <pre>
     * with delivery   as (insert the delivery id, on conflict do nothing, returning it)     -- only with an id
     *      tombstoned as (insert a tombstone, on conflict (clerk_id) turn the live row into one:
     *                     do update ... where users.deleted_at is null)
     * select recorded, deleted
     * </pre>
     * A deletion applies whatever its time (deletions are final); {@code on conflict} evaluates its
     * condition on the latest, locked version of the row, so "not written" means "already a tombstone".
     */
    private static Query deletionStatement(boolean withDelivery) {
        List<CommonTableExpression<?>> ctes = new ArrayList<>();
        Optional<CommonTableExpression<Record1<String>>> recordedDelivery =
                withDelivery ? Optional.of(recordDelivery(DELETION_DELIVERY)) : Optional.empty();
        recordedDelivery.ifPresent(ctes::add);
        Condition isNewDelivery = recordedDelivery.map(d -> exists(selectOne().from(d))).orElse(noCondition());

        var tombstoned = name("tombstoned").as(
                insertInto(U, U.CLERK_ID, U.DELETED_AT)
                        .select(select(CLERK_ID, DELETED_AT).where(isNewDelivery))
                        .onConflict(U.CLERK_ID)
                        .doUpdate()
                        .set(U.DELETED_AT, excluded(U.DELETED_AT))
                        .set(U.EMAIL, NO_TEXT)
                        .set(U.NAME, NO_TEXT)
                        .set(U.USERNAME, NO_TEXT)
                        .set(U.IMAGE_URL, NO_TEXT)
                        .set(U.SYNCED_AT, currentOffsetDateTime())
                        .where(U.DELETED_AT.isNull())
                        .returningResult(U.ID));
        ctes.add(tombstoned);

        return with(ctes).select(
                recordedDelivery.map(d -> field(exists(selectOne().from(d)))).orElse(inline(true)).as(RECORDED),
                field(exists(selectOne().from(tombstoned))).as(DELETED));
    }

    private static SyncResult deletionResult(Readable row) {
        if (!flag(row, RECORDED)) {
            return SyncResult.of(SyncOutcome.DUPLICATE);
        }
        return SyncResult.of(flag(row, DELETED) ? SyncOutcome.DELETED : SyncOutcome.ALREADY_DELETED);
    }

    // ---------------------------------------------------------------------------------------------
    // Shared parts

    private static CommonTableExpression<Record1<String>> recordDelivery(Field<String> delivery) {
        var deliveries = PROCESSED_WEBHOOK_DELIVERIES;
        return name("delivery").as(
                insertInto(deliveries, deliveries.DELIVERY_ID)
                        .values(delivery)
                        .onConflictDoNothing()
                        .returningResult(deliveries.DELIVERY_ID));
    }

    /**
     * PostgreSQL keeps microseconds; truncating here (rather than letting the server round) makes
     * what is compared and stored exactly what {@link #load} gives back.
     */
    private static OffsetDateTime toTimestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Optional<Instant> toInstant(OffsetDateTime timestamp) {
        return Optional.ofNullable(timestamp).map(OffsetDateTime::toInstant);
    }

    /** A row as the domain sees it (shared with {@link JooqStoredUsersAdapter}). */
    static StoredUser toStoredUser(UsersRecord row) {
        return storedUser(row.getClerkId(), row.getEmail(), row.getName(), row.getUsername(), row.getImageUrl(),
                row.getClerkCreatedAt(), row.getClerkUpdatedAt(), row.getDeletedAt());
    }

    private static StoredUser storedUser(String clerkId, String email, String name, String username, String imageUrl,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deletedAt) {
        return new StoredUser(
                new ClerkUserId(clerkId),
                Optional.ofNullable(email).map(EmailAddress::new),
                Optional.ofNullable(name),
                Optional.ofNullable(username),
                Optional.ofNullable(imageUrl),
                toInstant(createdAt),
                toInstant(updatedAt),
                toInstant(deletedAt));
    }
}
