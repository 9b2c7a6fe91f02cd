package dev.clerksync.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What applying a change learned from the provider would do to the stored row, under the very rules
 * the user table enforces for webhooks (see {@code ApplyUserChangePort}): a tombstone is final, a row
 * newer than the change is kept, otherwise the change is written. A change that would rewrite a row
 * with exactly what it already holds is {@link #UNCHANGED}: a reconcile run counts it so and skips
 * the write.
 *
 * <p>The decision sees the user's own row only. So it does not count the side effect of an email
 * address taken over (cleared on the other user's row), and it predicts {@link #UPDATE} for a row
 * whose address was withheld because another user holds it with newer information, although the
 * write then withholds it again; that user stays an update on every run until the other user's
 * newer data moves the address.
 */
public enum ReconcileAction {
    /** The user is not stored: a row would be created. */
    CREATE,
    /** The stored live row is older than the change, or as old and different: it would be rewritten. */
    UPDATE,
    /** The stored live row would become a tombstone. */
    DELETE,
    /** Nothing would change: a tombstone, a newer row, or a row that already says the same. */
    UNCHANGED;

    /**
     * The action for {@code change} given the row stored for its user now.
     *
     * @param stored the user's row, empty when the user is not stored
     * @param change what the provider says about that user now
     * @return what writing the change would do
     * @throws IllegalArgumentException if the stored row belongs to another user than the change
     * @throws NullPointerException     if an argument is null
     */
    public static ReconcileAction decide(Optional<StoredUser> stored, UserChange change) {
        Objects.requireNonNull(stored, "stored must not be null (use Optional.empty())");
        Objects.requireNonNull(change, "change must not be null");
        stored.ifPresent(row -> {
            if (!row.userId().equals(change.userId())) {
                throw new IllegalArgumentException("the stored row is another user's");
            }
        });
        if (stored.isPresent() && stored.get().isDeleted()) {
            return UNCHANGED;
        }
        return switch (change) {
            case UserChange.Deletion deletion -> DELETE;
            case UserChange.Snapshot snapshot -> stored.map(row -> decideUpdate(row, snapshot.profile())).orElse(CREATE);
        };
    }

    private static ReconcileAction decideUpdate(StoredUser live, UserProfile profile) {
        if (live.updatedAt().isPresent() && live.updatedAt().get().isAfter(profile.updatedAt())) {
            return UNCHANGED;
        }
        return holds(live, profile) ? UNCHANGED : UPDATE;
    }

    /** Whether the row holds exactly what writing the profile would store. */
    private static boolean holds(StoredUser row, UserProfile profile) {
        return row.email().equals(profile.email())
                && row.name().equals(profile.name())
                && row.username().equals(profile.username())
                && row.imageUrl().equals(profile.imageUrl())
                && row.createdAt().equals(Optional.of(profile.createdAt()))
                && row.updatedAt().equals(Optional.of(profile.updatedAt()));
    }

    /**
     * The action a change turned out to have, from what applying it reported: a change found
     * {@link SyncOutcome#STALE} or {@link SyncOutcome#ALREADY_DELETED} when it was written (the row
     * moved on in the meantime) changed nothing.
     *
     * @param applied the outcome the user table reported for the write
     * @return the action to count
     */
    public static ReconcileAction of(SyncOutcome applied) {
        Objects.requireNonNull(applied, "applied must not be null");
        return switch (applied) {
            case CREATED -> CREATE;
            case UPDATED -> UPDATE;
            case DELETED -> DELETE;
            case STALE, ALREADY_DELETED, DUPLICATE, IGNORED -> UNCHANGED;
        };
    }
}
