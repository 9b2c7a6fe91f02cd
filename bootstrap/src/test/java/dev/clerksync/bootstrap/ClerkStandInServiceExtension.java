package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running service per test class, configured for sign-in against a local stand-in of Clerk's
 * Backend API that serves the session keys minted here.
 */
final class ClerkStandInServiceExtension implements BeforeAllCallback, AfterAllCallback {

    private final String keyId;
    private PostgresTestDatabase database;
    private ClerkBackendApiStandIn clerk;
    private SessionTokens keys;
    private RunningService service;

    ClerkStandInServiceExtension(String keyId) {
        this.keyId = keyId;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = PostgresTestDatabase.createEmpty();
        keys = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY, keyId);
        clerk = ClerkBackendApiStandIn.start().jwks(keys.jwksJson());
        service = RunningService.start(SignInEndToEndTest.settings(database, clerk));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (service != null) {
            service.close();
        }
        if (clerk != null) {
            clerk.close();
        }
        if (database != null) {
            database.close();
        }
    }

    RunningService service() {
        return service;
    }

    ClerkBackendApiStandIn clerk() {
        return clerk;
    }

    SessionTokens keys() {
        return keys;
    }
}
