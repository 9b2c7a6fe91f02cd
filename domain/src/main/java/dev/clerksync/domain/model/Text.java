package dev.clerksync.domain.model;

import java.util.Objects;
import java.util.Optional;

/** Shared invariants for text that ends up in the user table. */
final class Text {

    private Text() {
    }

    /**
     * PostgreSQL text cannot hold U+0000; letting one through would turn a hostile but correctly
     * signed payload into a database error instead of a clear rejection.
     */
    static String requireStorable(String value, String what) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidUserDataException(what + " contains a NUL character");
        }
        return value;
    }

    static String requireNonBlank(String value, String what) {
        requireStorable(value, what);
        if (value.isBlank()) {
            throw new InvalidUserDataException(what + " must not be blank");
        }
        return value;
    }

    /** Blank optional text carries no information: it is stored as absent, never as "". */
    static Optional<String> presentIfNotBlank(Optional<String> value, String what) {
        Objects.requireNonNull(value, what + " must not be null (use Optional.empty())");
        return value.map(v -> requireStorable(v, what)).filter(v -> !v.isBlank());
    }
}
