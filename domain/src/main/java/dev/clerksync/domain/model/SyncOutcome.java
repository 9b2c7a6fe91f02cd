package dev.clerksync.domain.model;

/** What applying one change or one webhook delivery did to the user table. */
public enum SyncOutcome {
    /** A new row for the user. */
    CREATED,
    /** The existing row now reflects the change (also an equal-timestamp replay that repairs it). */
    UPDATED,
    /** The row became a tombstone (created as one if the user was unknown). */
    DELETED,
    /** The stored row is newer than the change; nothing was written. */
    STALE,
    /** The user is already a tombstone; deletions are final, nothing was written. */
    ALREADY_DELETED,
    /** This delivery was processed before; acknowledged without being applied again. */
    DUPLICATE,
    /** An event type the sync does not act on; acknowledged and not stored. */
    IGNORED;

    /** {@return whether the user table changed} */
    public boolean wrote() {
        return this == CREATED || this == UPDATED || this == DELETED;
    }
}
