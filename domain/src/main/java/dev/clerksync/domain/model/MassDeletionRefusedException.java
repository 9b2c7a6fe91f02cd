package dev.clerksync.domain.model;

/**
 * A reconcile would confirm so many stored users as gone that the provider is more likely the wrong
 * instance (another secret key or API URL) than that they were all deleted. Tombstones are final,
 * so nothing was deleted; a run that means it must say so explicitly.
 */
public class MassDeletionRefusedException extends RuntimeException {

    /** How many live stored users the provider did not list. */
    private final long unlisted;
    /** How many live stored users there are. */
    private final long live;

    /**
     * Creates the exception; the message gives both counts.
     *
     * @param unlisted how many live stored users the provider did not list
     * @param live     how many live stored users there are
     */
    public MassDeletionRefusedException(long unlisted, long live) {
        super("the provider does not list " + unlisted + " of the " + live + " live stored users;"
                + " confirming them as deleted would make them tombstones for good, so nothing was deleted");
        this.unlisted = unlisted;
        this.live = live;
    }

    /** {@return how many live stored users the provider did not list} */
    public long unlisted() {
        return unlisted;
    }

    /** {@return how many live stored users there are} */
    public long live() {
        return live;
    }
}
