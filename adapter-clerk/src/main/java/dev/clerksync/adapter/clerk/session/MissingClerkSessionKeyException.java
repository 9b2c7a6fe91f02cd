package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.InvalidClerkSettingException;

/**
 * Neither {@value ClerkSessionSettings#SECRET_KEY_SETTING} nor {@value ClerkSessionSettings#JWT_KEY_SETTING}
 * is set, so session tokens cannot be verified at all. A separate type so that a service can decide
 * for itself whether that stops start-up or only disables sign-in.
 */
public class MissingClerkSessionKeyException extends InvalidClerkSettingException {

    MissingClerkSessionKeyException() {
        super(ClerkSessionSettings.SECRET_KEY_SETTING + " or " + ClerkSessionSettings.JWT_KEY_SETTING,
                "must be set to verify session tokens (the secret key to fetch the JWKS from Clerk's Backend API,"
                        + " or the PEM public key for networkless verification); neither is");
    }
}
