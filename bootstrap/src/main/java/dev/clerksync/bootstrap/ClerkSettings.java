package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import java.util.Optional;

/** The Clerk settings the service was started with, validated; secrets are never printed. */
public record ClerkSettings(
        Optional<String> webhookSigningSecret, Optional<ClerkPublishableKey> publishableKey, Optional<String> secretKey) {

    public static final String WEBHOOK_SIGNING_SECRET = "CLERK_WEBHOOK_SIGNING_SECRET";
    public static final String PUBLISHABLE_KEY = "PUBLIC_CLERK_PUBLISHABLE_KEY";
    public static final String SECRET_KEY = "CLERK_SECRET_KEY";

    @Override
    public String toString() {
        return "ClerkSettings[webhookSigningSecret=" + (webhookSigningSecret.isPresent() ? "set" : "missing")
                + ", publishableKey=" + publishableKey.map(ClerkPublishableKey::frontendApiHost).orElse("missing")
                + ", secretKey=" + (secretKey.isPresent() ? "set" : "missing") + "]";
    }
}
