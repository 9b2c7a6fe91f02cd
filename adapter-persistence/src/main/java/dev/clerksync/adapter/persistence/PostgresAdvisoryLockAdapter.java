package dev.clerksync.adapter.persistence;

import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;

import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.out.ReconcileLockPort;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import reactor.core.publisher.Mono;

/**
 * The reconcile lock as a PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock}) on a
 * connection of its own, held for the whole run:
 * <ul>
 *   <li>the connection is opened from the factory under the pool ({@link Wrapped#unwrap()} of the
 *       r2dbc-pool {@code ConnectionPool}), not borrowed from the pool: a session lock lives as long as
 *       its session, so a pooled connection handed back with the lock still on it (an unlock that
 *       failed, a cancellation at the wrong moment) would keep every later run out until the pool
 *       happened to close it. Closing a connection of our own ends the session and so releases the
 *       lock whatever went wrong; a crashed process's session ends when PostgreSQL notices the
 *       connection is gone. The run's own statements go through the pool as usual, and the lock
 *       does not take one of the pool's connections away for hours;</li>
 *   <li>a transaction-level lock ({@code pg_try_advisory_xact_lock}) would need a transaction open
 *       for the whole run, on a connection taken from the pool for that long, for no gain;</li>
 *   <li>{@code try}: a second run does not queue behind the first, it is refused at once
 *       ({@link ReconcileAlreadyRunningException}).</li>
 * </ul>
 * The lock is released explicitly ({@code pg_advisory_unlock}) before the connection is closed, so
 * that a run started right after this one ends does not find it still held by a closing session.
 * If the lock's connection is lost in the middle of a run, the run goes on unprotected; that is
 * safe, as every write is atomic and ordered, and only costs a second run's duplicate work.
 */
public final class PostgresAdvisoryLockAdapter implements ReconcileLockPort {

    private static final System.Logger LOG = System.getLogger(PostgresAdvisoryLockAdapter.class.getName());

    /** The advisory lock key of reconcile runs: the ASCII bytes of "clksync\u0001" as a bigint. */
    static final long RECONCILE_LOCK_KEY = 0x636c_6b73_796e_6301L;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Settings NO_EXECUTE_LOGGING = new Settings().withExecuteLogging(false);

    private final ConnectionFactory connections;
    private final long key;
    private final Duration timeout;

    /**
     * @param connections opens the lock's connection; a pool is looked through (see the class comment)
     * @param key         the advisory lock key
     * @param timeout     bound on opening the connection and on each lock statement
     */
    public PostgresAdvisoryLockAdapter(ConnectionFactory connections, long key, Duration timeout) {
        this.connections = unpooled(Objects.requireNonNull(connections, "connections must not be null"));
        this.key = key;
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    /** The reconcile lock on the database {@code connections} reach. */
    public static PostgresAdvisoryLockAdapter reconcileLock(ConnectionFactory connections) {
        return new PostgresAdvisoryLockAdapter(connections, RECONCILE_LOCK_KEY, DEFAULT_TIMEOUT);
    }

    @Override
    public <T> Mono<T> runExclusively(Mono<T> run) {
        Objects.requireNonNull(run, "run must not be null");
        return Mono.usingWhen(
                open(),
                session -> lock(session).flatMap(acquired -> acquired
                        ? run
                        : Mono.error(new ReconcileAlreadyRunningException(
                                "another reconcile run holds the lock (PostgreSQL advisory lock " + key + ")"))),
                this::close,
                (session, error) -> close(session),
                this::close);
    }

    /** A connection and whether this run holds the lock on it. */
    private record LockSession(Connection connection, DSLContext dsl, AtomicBoolean held) {
    }

    private Mono<LockSession> open() {
        return Mono.from(connections.create())
                .timeout(timeout)
                .map(connection -> new LockSession(
                        connection, DSL.using(connection, SQLDialect.POSTGRES, NO_EXECUTE_LOGGING), new AtomicBoolean()))
                .onErrorMap(failure -> new UserStoreUnavailableException(
                        "the reconcile lock cannot be taken: " + describe(failure), failure));
    }

    private Mono<Boolean> lock(LockSession session) {
        return booleanOf(session, "pg_try_advisory_lock")
                .doOnNext(session.held()::set)
                .onErrorMap(failure -> new UserStoreUnavailableException(
                        "the reconcile lock cannot be taken: " + describe(failure), failure));
    }

    /** Unlocks when held, then closes the connection (which would release the lock anyway). Never fails. */
    private Mono<Void> close(LockSession session) {
        Mono<Void> unlock = session.held().get()
                ? booleanOf(session, "pg_advisory_unlock")
                        .doOnNext(released -> session.held().set(false))
                        .onErrorResume(failure -> {
                            LOG.log(Level.WARNING, "the reconcile lock could not be released explicitly ("
                                    + describe(failure) + "); closing its connection releases it");
                            return Mono.empty();
                        })
                        .then()
                : Mono.empty();
        return unlock
                .then(Mono.from(session.connection().close()).timeout(timeout))
                .onErrorResume(failure -> Mono.empty());
    }

    private Mono<Boolean> booleanOf(LockSession session, String lockFunction) {
        Field<Boolean> call = function(name("pg_catalog", lockFunction), SQLDataType.BOOLEAN, inline(key));
        return Mono.from(session.dsl().select(call)).map(Record1::value1).timeout(timeout);
    }

    private static ConnectionFactory unpooled(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner && inner != current) {
            current = inner;
        }
        return current;
    }

    private String describe(Throwable failure) {
        return failure instanceof TimeoutException ? "no answer within " + timeout : DatabaseFailures.describe(failure);
    }
}
