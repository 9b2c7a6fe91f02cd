package dev.clerksync.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    private static Throwable asJooqReportsIt(Throwable driverFailure) {
        return new DataAccessException("SQL [with ...]; " + driverFailure.getMessage(), driverFailure);
    }

    private static Throwable serverError(String sqlState) {
        // r2dbc-postgresql reports server errors it has no specific type for as non-transient resource failures.
        return asJooqReportsIt(new R2dbcNonTransientResourceException("server said no", sqlState));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300", "57014"})
    void serverStatesSayingTheDatabaseCannotBeUsedNowMeanUnavailable(String sqlState) {
        assertThat(DatabaseFailures.isUnavailable(serverError(sqlState))).isTrue();
        assertThat(DatabaseFailures.isConcurrencyConflict(serverError(sqlState))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX000", "42P01", "42703", "22008", "23514", "P0001", "25006"})
    void otherServerStatesAreBugsEvenWhenReportedAsResourceFailures(String sqlState) {
        assertThat(DatabaseFailures.isUnavailable(serverError(sqlState))).isFalse();
    }

    @Test
    void uniqueViolationsDeadlocksAndSerializationFailuresAreConcurrencyConflicts() {
        assertThat(DatabaseFailures.isConcurrencyConflict(
                asJooqReportsIt(new R2dbcDataIntegrityViolationException("duplicate key", "23505")))).isTrue();
        assertThat(DatabaseFailures.isConcurrencyConflict(
                asJooqReportsIt(new R2dbcTransientResourceException("deadlock detected", "40P01")))).isTrue();
        assertThat(DatabaseFailures.isConcurrencyConflict(
                asJooqReportsIt(new R2dbcRollbackException("could not serialize", "40001")))).isTrue();
    }

    @Test
    void otherIntegrityViolationsAreNotConcurrencyConflicts() {
        assertThat(DatabaseFailures.isConcurrencyConflict(
                asJooqReportsIt(new R2dbcDataIntegrityViolationException("check", "23514")))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(
                asJooqReportsIt(new R2dbcDataIntegrityViolationException("duplicate key", "23505")))).isFalse();
    }

    @Test
    void clientSideConnectionFailuresWithoutAStateMeanUnavailable() {
        assertThat(DatabaseFailures.isUnavailable(asJooqReportsIt(
                new R2dbcNonTransientResourceException("Cannot connect", new ConnectException("Connection refused")))))
                .isTrue();
        assertThat(DatabaseFailures.isUnavailable(new R2dbcNonTransientResourceException("Connection closed"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new R2dbcTimeoutException("no connection within 5s"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new TimeoutException("Did not observe any item"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("connection attempt failed", "08001"))).isTrue();
    }

    @Test
    void failuresThatAreNotAboutTheDatabaseAreNotUnavailability() {
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(asJooqReportsIt(new ClassCastException("mapping bug")))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsIsWalkedOnce() {
        var outer = new RuntimeException("outer");
        var inner = new RuntimeException("inner", outer);
        outer.initCause(inner);

        assertThat(DatabaseFailures.isUnavailable(outer)).isFalse();
        assertThat(DatabaseFailures.sqlState(outer)).isEmpty();
    }
}
