package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running service on a fresh, empty database (the service migrates it at startup, as in
 * production) for a whole test class, with signed-delivery helpers.
 */
final class RunningServiceExtension implements BeforeAllCallback, AfterAllCallback {

    static final SvixTestSigner SIGNER = SvixTestSigner.withTestSecret();

    private final java.util.Map<String, String> extraSettings;
    private PostgresTestDatabase database;
    private RunningService service;

    RunningServiceExtension() {
        this(java.util.Map.of());
    }

    /** @param extraSettings settings added to (or replacing) {@link RunningService#settings}, e.g. log levels */
    RunningServiceExtension(java.util.Map<String, String> extraSettings) {
        this.extraSettings = java.util.Map.copyOf(extraSettings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = PostgresTestDatabase.createEmpty();
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.putAll(extraSettings);
        service = RunningService.start(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    RunningService service() {
        return service;
    }

    WebTestClient client() {
        return service.client();
    }

    /** Posts the body signed now with the test secret, as Svix delivers message {@code msgId}. */
    WebTestClient.ResponseSpec deliver(String msgId, String body) {
        return deliver(service.client(), msgId, body);
    }

    /** Posts the body as a new message, signed now. */
    WebTestClient.ResponseSpec deliver(String body) {
        return deliver(SvixTestSigner.newMessageId(), body);
    }

    static WebTestClient.ResponseSpec deliver(WebTestClient client, String msgId, String body) {
        var headers = SIGNER.headers(msgId, body);
        return client.post().uri("/api/webhooks/clerk")
                .contentType(MediaType.APPLICATION_JSON)
                .header("svix-id", headers.id())
                .header("svix-timestamp", headers.timestamp())
                .header("svix-signature", headers.signature())
                .bodyValue(body)
                .exchange();
    }

    /** The user's row as the service itself reads it. */
    Optional<StoredUser> row(String userId) {
        return service.bean(LoadUserPort.class).load(new ClerkUserId(userId)).blockOptional();
    }
}
