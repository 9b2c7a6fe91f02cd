package dev.clerksync.domain.model;

/** Webhooks cannot be verified because the named setting (the signing secret) is not set. */
public class WebhookNotConfiguredException extends RuntimeException {

    private final String setting;

    public WebhookNotConfiguredException(String setting) {
        super(setting + " is not set, so webhook signatures cannot be verified");
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
