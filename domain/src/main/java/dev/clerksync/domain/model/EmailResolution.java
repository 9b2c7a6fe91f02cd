package dev.clerksync.domain.model;

/**
 * How an applied snapshot's email address was settled against the other users. An address
 * belongs to one user at a time; when two rows claim it, the newer information wins.
 */
public enum EmailResolution {
    /** No conflict: the snapshot's address (or its absence) was stored as given. */
    AS_GIVEN,
    /** Another user's older row held the address; that row's email was cleared. */
    TAKEN_OVER,
    /** Another user's row holds the address with newer information; this user is stored without one. */
    WITHHELD
}
