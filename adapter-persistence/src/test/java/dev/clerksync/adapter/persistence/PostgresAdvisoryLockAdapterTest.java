package dev.clerksync.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class PostgresAdvisoryLockAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long KEY = PostgresAdvisoryLockAdapter.RECONCILE_LOCK_KEY;

    private static PostgresTestDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** Another instance's lock adapter: its own pool on the same database. */
    private static PostgresAdvisoryLockAdapter instance() {
        return PostgresAdvisoryLockAdapter.reconcileLock(database.connectionPool(2));
    }

    /**
     * Whether any session holds the lock in this test's database, as PostgreSQL's lock table says
     * (pg_locks spans the server, where other builds' reconciles may hold the same key elsewhere).
     */
    private static boolean lockHeld() throws SQLException {
        try (var connection = database.openJdbcConnection();
             var query = connection.prepareStatement("select count(*) from pg_locks where locktype = 'advisory'"
                     + " and classid = ? and objid = ? and objsubid = 1 and granted"
                     + " and database = (select oid from pg_database where datname = current_database())")) {
            query.setLong(1, KEY >>> 32);
            query.setLong(2, KEY & 0xffff_ffffL);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    @Test
    void holdsTheLockWhileTheRunRunsAndReleasesItAfter() throws SQLException {
        var lock = instance();
        var whileRunning = new AtomicBoolean();

        var result = lock.runExclusively(Mono.fromCallable(() -> {
            whileRunning.set(lockHeld());
            return "done";
        })).block(WAIT);

        assertThat(result).isEqualTo("done");
        assertThat(whileRunning).isTrue();
        assertThat(lockHeld()).isFalse();
    }

    @Test
    void refusesARunOnAnotherInstanceWhileTheFirstHoldsTheLock() throws SQLException {
        var first = instance();
        var second = instance();
        Sinks.One<String> firstRun = Sinks.one();
        var firstResult = first.runExclusively(firstRun.asMono()).toFuture();
        awaitLockHeld();
        var secondRunStarted = new AtomicBoolean();

        StepVerifier.create(second.runExclusively(Mono.fromRunnable(() -> secondRunStarted.set(true))))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ReconcileAlreadyRunningException.class)
                        .hasMessageContaining("another reconcile run holds the lock"))
                .verify(WAIT);
        assertThat(secondRunStarted).isFalse();

        firstRun.tryEmitValue("first");
        assertThat(firstResult.join()).isEqualTo("first");
        assertThat(second.runExclusively(Mono.just("second")).block(WAIT)).as("free again").isEqualTo("second");
    }

    @Test
    void releasesTheLockWhenTheRunFailsOrIsCancelled() throws SQLException {
        var lock = instance();

        StepVerifier.create(lock.runExclusively(Mono.error(new IllegalStateException("run failed"))))
                .expectErrorMessage("run failed")
                .verify(WAIT);
        assertThat(lockHeld()).isFalse();

        var cancelled = lock.runExclusively(Mono.never()).subscribe();
        awaitLockHeld();
        cancelled.dispose();
        awaitLockReleased();
    }

    @Test
    void holdsTheLockOnAConnectionOfItsOwnSoTheRunCanUseEveryPooledConnection() {
        var pool = database.connectionPool(1);
        var lock = PostgresAdvisoryLockAdapter.reconcileLock(pool);
        var dsl = DSL.using(pool, SQLDialect.POSTGRES);

        var answer = lock.runExclusively(Mono.from(dsl.selectOne()).map(row -> row.value1())).block(WAIT);

        assertThat(answer).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseMakesTheLockUnavailable() {
        var nowhere = PostgresTestDatabase.pooledConnectionFactory("127.0.0.1", 1, "nowhere", "nobody", "", 1);
        try {
            StepVerifier.create(PostgresAdvisoryLockAdapter.reconcileLock(nowhere).runExclusively(Mono.just(1)))
                    .expectError(UserStoreUnavailableException.class)
                    .verify(WAIT);
        } finally {
            nowhere.dispose();
        }
    }

    private static void awaitLockHeld() throws SQLException {
        awaitLock(true);
    }

    private static void awaitLockReleased() throws SQLException {
        awaitLock(false);
    }

    private static void awaitLock(boolean held) throws SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lockHeld() != held) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the lock was never " + (held ? "taken" : "released"));
            }
            Thread.onSpinWait();
        }
    }
}
