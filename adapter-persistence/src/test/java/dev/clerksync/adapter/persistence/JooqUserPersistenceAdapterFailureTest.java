package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.Changes.at;
import static dev.clerksync.adapter.persistence.Changes.deletion;
import static dev.clerksync.adapter.persistence.Changes.newDelivery;
import static dev.clerksync.adapter.persistence.Changes.newEmail;
import static dev.clerksync.adapter.persistence.Changes.newUserId;
import static dev.clerksync.adapter.persistence.Changes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class JooqUserPersistenceAdapterFailureTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static void expectUnavailableWithin(Mono<?> call, Duration limit) {
        long started = System.nanoTime();
        StepVerifier.create(call)
                .expectError(UserStoreUnavailableException.class)
                .verify(limit.plusSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit);
    }

    @Test
    void aDatabaseThatRefusesConnectionsMakesEveryCallFailFastAsUnavailable() {
        var nowhere = PostgresTestDatabase.pooledConnectionFactory("127.0.0.1", 1, "nowhere", "nobody", "", 2);
        try {
            var adapter = new JooqUserPersistenceAdapter(DSL.using(nowhere, SQLDialect.POSTGRES));

            expectUnavailableWithin(adapter.apply(snapshot(newUserId(), newEmail(), at(10)), newDelivery()), Duration.ofSeconds(3));
            expectUnavailableWithin(adapter.apply(deletion(newUserId(), at(10)), Optional.empty()), Duration.ofSeconds(3));
            expectUnavailableWithin(adapter.load(newUserId()), Duration.ofSeconds(3));
        } finally {
            nowhere.dispose();
        }
    }

    @Test
    void aPoolWithNoFreeConnectionMakesTheCallUnavailableAfterTheTimeout() {
        var pool = database.connectionPool(1);
        var held = Mono.from(pool.create()).block(Duration.ofSeconds(10));
        try {
            var adapter = new JooqUserPersistenceAdapter(DSL.using(pool, SQLDialect.POSTGRES), Duration.ofMillis(500));

            expectUnavailableWithin(adapter.apply(snapshot(newUserId(), newEmail(), at(10)), newDelivery()), Duration.ofSeconds(2));
            expectUnavailableWithin(adapter.load(newUserId()), Duration.ofSeconds(2));
        } finally {
            Mono.from(held.close()).block(Duration.ofSeconds(10));
        }
    }

    /**
     * The timeout bounds the caller's wait, not the statement: one already sent may still commit
     * once the lock is gone. That is safe, because the sender redelivers a webhook that got no answer
     * and the recorded delivery id then makes the redelivery a duplicate (and a change without a
     * delivery id is idempotent). Bounding the statement itself is the server's statement_timeout.
     */
    @Test
    void aRowLockedLongerThanTheTimeoutMakesTheCallUnavailableAndItsRedeliveryIsStillSafe() throws SQLException {
        var user = newUserId();
        var adapter = new JooqUserPersistenceAdapter(
                DSL.using(database.connectionPool(2), SQLDialect.POSTGRES), Duration.ofMillis(700));
        adapter.apply(snapshot(user, newEmail(), "Before", at(10)), Optional.empty()).block(Duration.ofSeconds(10));
        var delivery = newDelivery();
        var change = snapshot(user, newEmail(), "After", at(20));

        try (Connection locker = lockRow(user)) {
            expectUnavailableWithin(adapter.apply(change, delivery), Duration.ofSeconds(3));
            locker.rollback();
        }

        var redelivered = adapter.apply(change, delivery).block(Duration.ofSeconds(10));
        assertThat(redelivered.outcome()).isIn(SyncOutcome.DUPLICATE, SyncOutcome.UPDATED);
        assertThat(adapter.load(user).block(Duration.ofSeconds(10)).name()).contains("After");
    }

    @Test
    void beyondTheChangesAllowedInProgressAChangeIsRefusedAtOnceAndTheAdmittedOnesComplete() throws SQLException {
        var user = newUserId();
        var adapter = new JooqUserPersistenceAdapter(
                DSL.using(database.connectionPool(1), SQLDialect.POSTGRES), Duration.ofSeconds(10), 3);
        adapter.apply(snapshot(user, newEmail(), at(10)), Optional.empty()).block(Duration.ofSeconds(10));

        try (Connection locker = lockRow(user)) {
            // One waits for the locked row on the only connection, two wait for that connection.
            var admitted = reactor.core.publisher.Flux.range(0, 3)
                    .flatMap(i -> adapter.apply(snapshot(user, newEmail(), at(20 + i)), newDelivery()))
                    .collectList()
                    .toFuture();

            expectUnavailableWithin(adapter.apply(snapshot(newUserId(), newEmail(), at(10)), newDelivery()),
                    Duration.ofMillis(500));
            locker.rollback();
            assertThat(admitted.join()).extracting(result -> result.outcome())
                    .hasSize(3).isSubsetOf(SyncOutcome.UPDATED, SyncOutcome.STALE);
        }

        assertThat(adapter.apply(snapshot(newUserId(), newEmail(), at(10)), newDelivery()).block(Duration.ofSeconds(10))
                .outcome()).as("admitted again once the others finished").isEqualTo(SyncOutcome.CREATED);
    }

    @Test
    void aStatementCancelledByTheServersStatementTimeoutIsUnavailable() throws SQLException {
        var user = newUserId();
        var connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(database.host())
                .port(database.port())
                .database(database.databaseName())
                .username(database.username())
                .password(database.password())
                .options(Map.of("statement_timeout", "300"))
                .build());
        var pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections).initialSize(0).maxSize(2).build());
        try {
            var adapter = new JooqUserPersistenceAdapter(DSL.using(pool, SQLDialect.POSTGRES));
            assertThat(adapter.apply(snapshot(user, newEmail(), at(10)), Optional.empty()).block(Duration.ofSeconds(10)).outcome())
                    .isEqualTo(SyncOutcome.CREATED);

            var email = newEmail();
            try (Connection locker = lockRow(user)) {
                // Well inside the adapter's own 5 s: the server's cancellation is what is reported.
                StepVerifier.create(adapter.apply(snapshot(user, email, at(20)), newDelivery()))
                        .expectErrorSatisfies(error -> assertThat(error)
                                .isInstanceOf(UserStoreUnavailableException.class)
                                .hasStackTraceContaining("57014")
                                .hasMessageContaining("57014")
                                .hasMessageNotContaining(user.value())
                                .hasMessageNotContaining(email))
                        .verify(Duration.ofSeconds(4));
                locker.rollback();
            }
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aFailingStatementIsReportedWithoutTheStatementOrItsValues() {
        try (var withoutSchema = PostgresTestDatabase.createEmpty()) {
            var adapter = new JooqUserPersistenceAdapter(DSL.using(withoutSchema.connectionPool(2), SQLDialect.POSTGRES));
            var user = newUserId();
            var email = newEmail();

            StepVerifier.create(adapter.apply(snapshot(user, email, at(10)), newDelivery()))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(UserTableStatementException.class)
                                .hasMessageContaining("42P01")
                                .hasMessageNotContaining(user.value())
                                .hasMessageNotContaining(email)
                                .hasMessageNotContaining("insert into");
                        assertThat(error.getCause()).hasMessageNotContaining(email);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    private static Connection lockRow(ClerkUserId user) throws SQLException {
        var connection = database.openJdbcConnection();
        connection.setAutoCommit(false);
        try (var statement = connection.prepareStatement("select 1 from users where clerk_id = ? for update")) {
            statement.setString(1, user.value());
            statement.executeQuery().close();
        }
        return connection;
    }
}
