package dev.clerksync.adapter.persistence;

import dev.clerksync.domain.model.UserStoreUnavailableException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Sorts database failures into: a concurrency conflict (retry the statement), the database being
 * unusable right now (the caller may try again later), or anything else (a bug, left alone).
 *
 * <p>jOOQ wraps driver exceptions in its {@code DataAccessException}, so the whole cause chain is
 * searched. A PostgreSQL SQLState, when there is one, decides: r2dbc-postgresql reports every
 * server error it has no specific type for as {@link R2dbcNonTransientResourceException}, so that
 * type alone means "unavailable" only for client-side failures, which carry no SQLState
 * (connection refused or closed).
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * {@code statement} bounded by {@code timeout}, its failures translated: the database unusable
     * or too slow becomes {@link UserStoreUnavailableException}, anything else a
     * {@link UserTableStatementException} that names {@code what} failed but not the statement's
     * values (jOOQ's messages inline them, personal data included).
     *
     * @param what what the statement does, for messages ("a user table read")
     * @param table what it works on, for messages ("the user table")
     */
    static <T> Mono<T> bounded(Mono<T> statement, Duration timeout, String what, String table) {
        return statement
                .timeout(timeout)
                .onErrorMap(DatabaseFailures::isUnavailable, failure -> unavailable(failure, timeout, table))
                .onErrorMap(failure -> !(failure instanceof UserStoreUnavailableException),
                        failure -> new UserTableStatementException(what + " failed: " + describe(failure), rootCause(failure)));
    }

    /** The database unusable or too slow for {@code table}; an existing one is passed on as it is. */
    static UserStoreUnavailableException unavailable(Throwable failure, Duration timeout, String table) {
        if (failure instanceof UserStoreUnavailableException unavailable) {
            return unavailable;
        }
        String reason = failure instanceof TimeoutException
                ? table + " did not answer within " + timeout
                : table + " cannot be used right now (" + describe(failure) + ")";
        return new UserStoreUnavailableException(reason, failure);
    }

    /**
     * unique_violation (an address or a first insert claimed concurrently), deadlock_detected
     * (two statements swapping addresses), serialization_failure.
     */
    static boolean isConcurrencyConflict(Throwable failure) {
        return sqlState(failure)
                .filter(state -> state.equals("23505") || state.equals("40P01") || state.equals("40001"))
                .isPresent();
    }

    static boolean isUnavailable(Throwable failure) {
        Optional<String> state = sqlState(failure);
        if (state.isPresent()) {
            return isUnavailableState(state.get());
        }
        return causes(failure).stream().anyMatch(cause ->
                cause instanceof TimeoutException             // Reactor's timeout(), reactor-pool
                        || cause instanceof R2dbcTimeoutException      // pool acquire / validation timeout
                        || cause instanceof R2dbcNonTransientResourceException // connect failed, connection closed
                        || cause instanceof R2dbcTransientResourceException
                        || cause instanceof IOException);              // refused, reset, closed channel
    }

    private static boolean isUnavailableState(String state) {
        return state.startsWith("08")      // connection exception
                || state.equals("57P01")   // admin_shutdown
                || state.equals("57P02")   // crash_shutdown
                || state.equals("57P03")   // cannot_connect_now (starting up, recovering)
                || state.equals("57014")   // query_canceled: statement_timeout, or cancelled by an operator
                || state.equals("53300");  // too_many_connections
    }

    /**
     * A description safe to log: the SQLState and the driver's own message, never jOOQ's, which
     * quotes the statement with its values (user ids, addresses, names).
     */
    static String describe(Throwable failure) {
        Throwable root = rootCause(failure);
        String state = sqlState(failure).map(s -> "SQLState " + s + ", ").orElse("");
        String message = root instanceof org.jooq.exception.DataAccessException || root.getMessage() == null
                ? "" : ": " + root.getMessage();
        return state + root.getClass().getSimpleName() + message;
    }

    /** The innermost cause: the driver's or the network's exception rather than jOOQ's wrapper. */
    static Throwable rootCause(Throwable failure) {
        List<Throwable> chain = causes(failure);
        return chain.get(chain.size() - 1);
    }

    /** The first SQLState found along the cause chain. */
    static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            String state = null;
            if (cause instanceof R2dbcException r2dbc) {
                state = r2dbc.getSqlState();
            } else if (cause instanceof SQLException jdbc) {
                state = jdbc.getSQLState();
            }
            if (state != null && !state.isBlank()) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** The failure and its causes, outermost first (a cycle ends the walk). */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
