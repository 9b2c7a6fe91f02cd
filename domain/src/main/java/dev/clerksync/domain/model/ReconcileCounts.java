package dev.clerksync.domain.model;

import java.util.Objects;

/**
 * How many users a reconcile run created, updated, deleted and left unchanged (or would have).
 *
 * @param create    users created
 * @param update    users rewritten
 * @param delete    users turned into tombstones
 * @param unchanged users left as they were
 */
public record ReconcileCounts(long create, long update, long delete, long unchanged) {

    /** Zero of everything: where a run starts counting. */
    public static final ReconcileCounts NONE = new ReconcileCounts(0, 0, 0, 0);

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public ReconcileCounts {
        if (create < 0 || update < 0 || delete < 0 || unchanged < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * The count for one action.
     *
     * @param action the action; not null
     * @return how many users it was taken for
     */
    public long of(ReconcileAction action) {
        Objects.requireNonNull(action, "action must not be null");
        return switch (action) {
            case CREATE -> create;
            case UPDATE -> update;
            case DELETE -> delete;
            case UNCHANGED -> unchanged;
        };
    }

    /** {@return every user counted} */
    public long total() {
        return create + update + delete + unchanged;
    }

    /** {@return the users that were (or would be) written} */
    public long changed() {
        return create + update + delete;
    }
}
