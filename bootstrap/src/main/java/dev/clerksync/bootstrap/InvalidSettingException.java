package dev.clerksync.bootstrap;

/** A setting that stops the service from starting; the message names it and says what is wrong. */
public class InvalidSettingException extends RuntimeException {

    private final String setting;

    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
    }

    public InvalidSettingException(String setting, String problem, Throwable cause) {
        super(setting + " " + problem, cause);
        this.setting = setting;
    }

    /** Wraps an adapter's own setting error, whose message already names the setting. */
    public static InvalidSettingException of(String setting, RuntimeException cause) {
        return new InvalidSettingException(setting, cause.getMessage(), cause, true);
    }

    private InvalidSettingException(String setting, String message, Throwable cause, boolean messageNamesSetting) {
        super(messageNamesSetting ? message : setting + " " + message, cause);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
