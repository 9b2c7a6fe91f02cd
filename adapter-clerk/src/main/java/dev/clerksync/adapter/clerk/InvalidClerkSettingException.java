package dev.clerksync.adapter.clerk;

import java.util.Objects;

/**
 * A Clerk setting (environment variable) is present but cannot be used. Thrown at start-up so a
 * misconfiguration fails fast instead of rejecting every request later. The message names the
 * setting and what is wrong with it, never its value: secrets end up in logs otherwise.
 */
public class InvalidClerkSettingException extends IllegalArgumentException {

    /** The offending setting's name. */
    private final String setting;

    /**
     * Creates the exception; its message is the setting's name followed by the problem.
     *
     * @param setting the offending setting's name
     * @param problem what is wrong with it, never its value
     */
    public InvalidClerkSettingException(String setting, String problem) {
        super(Objects.requireNonNull(setting, "setting must not be null") + " " + problem);
        this.setting = setting;
    }

    /** {@return the name of the offending setting, e.g. {@code CLERK_WEBHOOK_SIGNING_SECRET}} */
    public String setting() {
        return setting;
    }
}
