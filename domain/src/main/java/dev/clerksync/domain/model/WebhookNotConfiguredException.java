package dev.clerksync.domain.model;

/** Webhooks cannot be verified because the named setting (the signing secret) is not set. */
public class WebhookNotConfiguredException extends RuntimeException {

    /** The missing setting's name. */
    private final String setting;

    /**
     * Creates the exception.
     *
     * @param setting the missing setting's name, e.g. {@code CLERK_WEBHOOK_SIGNING_SECRET}
     */
    public WebhookNotConfiguredException(String setting) {
        super(setting + " is not set, so webhook signatures cannot be verified");
        this.setting = setting;
    }

    /** {@return the missing setting's name} */
    public String setting() {
        return setting;
    }
}
