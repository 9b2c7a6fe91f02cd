package dev.clerksync.adapter.web;

import java.util.Objects;
import java.util.Optional;

/**
 * What the sign-in page needs to load Clerk's browser SDK: the publishable key and the instance's
 * Frontend API host it encodes (decoded by the Clerk adapter, handed over by the application).
 */
public record SignInPageSettings(Optional<String> publishableKey, Optional<String> frontendApiHost) {

    public SignInPageSettings {
        Objects.requireNonNull(publishableKey, "publishableKey must not be null (use Optional.empty())");
        Objects.requireNonNull(frontendApiHost, "frontendApiHost must not be null (use Optional.empty())");
        if (publishableKey.isPresent() != frontendApiHost.isPresent()) {
            throw new IllegalArgumentException("publishableKey and frontendApiHost go together");
        }
    }

    public static SignInPageSettings notConfigured() {
        return new SignInPageSettings(Optional.empty(), Optional.empty());
    }

    public boolean configured() {
        return publishableKey.isPresent();
    }

    /** Clerk's browser SDK, served by the instance's own Frontend API. */
    public Optional<String> clerkJsUrl() {
        return frontendApiHost.map(host -> "https://" + host + "/npm/@clerk/clerk-js@5/dist/clerk.browser.js");
    }

    public Optional<String> frontendApiOrigin() {
        return frontendApiHost.map(host -> "https://" + host);
    }
}
