package dev.clerksync.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The range of the provider's timestamps that the sync accepts: years 1 to 9999. Wider values
 * (a correctly signed but absurd {@code updated_at} of {@code Long.MAX_VALUE} milliseconds, the
 * year 292,278,994) cannot be stored in PostgreSQL, whose timestamps end in the year 294,276, nor
 * written as ISO-8601 without an explicit sign; they are refused as invalid data instead of
 * failing the database statement.
 */
public final class ProviderTimes {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private ProviderTimes() {
    }

    public static boolean isWithinRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** @throws InvalidUserDataException when the instant lies outside {@link #EARLIEST}..{@link #LATEST} */
    static Instant requireWithinRange(Instant instant, String what) {
        Objects.requireNonNull(instant, what + " must not be null");
        if (!isWithinRange(instant)) {
            throw new InvalidUserDataException(what + " is outside the years 1 to 9999");
        }
        return instant;
    }
}
