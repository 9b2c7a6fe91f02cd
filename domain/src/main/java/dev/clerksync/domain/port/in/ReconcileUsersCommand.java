package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.ReconcileMode;
import java.util.Objects;

/**
 * Make the user table match the identity provider (or, in a dry run, say what that would change).
 *
 * @param mode              dry run or apply
 * @param progress          told where the run is
 * @param allowMassDeletion whether an applied run may tombstone more stored users than the
 *                          mass-deletion guard lets through (see {@code MassDeletionRefusedException})
 */
public record ReconcileUsersCommand(ReconcileMode mode, ReconcileProgressListener progress, boolean allowMassDeletion) {

    /**
     * Validates the command.
     *
     * @throws NullPointerException if the mode or listener is null
     */
    public ReconcileUsersCommand {
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(progress, "progress must not be null (use ReconcileProgressListener.NONE)");
    }

    /**
     * A run with the mass-deletion guard on.
     *
     * @param mode     dry run or apply
     * @param progress told where the run is
     */
    public ReconcileUsersCommand(ReconcileMode mode, ReconcileProgressListener progress) {
        this(mode, progress, false);
    }

    /**
     * A run with the mass-deletion guard on that reports no progress.
     *
     * @param mode dry run or apply
     * @return the command
     */
    public static ReconcileUsersCommand of(ReconcileMode mode) {
        return new ReconcileUsersCommand(mode, ReconcileProgressListener.NONE);
    }
}
