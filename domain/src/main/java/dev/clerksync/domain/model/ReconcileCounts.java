package dev.clerksync.domain.model;

import java.util.Objects;

/** How many users a reconcile run created, updated, deleted and left unchanged (or would have). */
public record ReconcileCounts(long create, long update, long delete, long unchanged) {

    public static final ReconcileCounts NONE = new ReconcileCounts(0, 0, 0, 0);

    public ReconcileCounts {
        if (create < 0 || update < 0 || delete < 0 || unchanged < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public long of(ReconcileAction action) {
        Objects.requireNonNull(action, "action must not be null");
        return switch (action) {
            case CREATE -> create;
            case UPDATE -> update;
            case DELETE -> delete;
            case UNCHANGED -> unchanged;
        };
    }

    /** Every user counted. */
    public long total() {
        return create + update + delete + unchanged;
    }

    /** Users that were (or would be) written. */
    public long changed() {
        return create + update + delete;
    }
}
