package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole service, started the way an operator starts it (settings as the guide names them),
 * on a random port, talked to over real HTTP.
 */
final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final WebTestClient client;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
        var port = context.getEnvironment().getRequiredProperty("local.server.port");
        this.client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Settings for a service on this database, with the test signing secret. */
    static Map<String, String> settings(String databaseUrl) {
        var settings = new LinkedHashMap<String, String>();
        settings.put("DATABASE_URL", databaseUrl);
        settings.put("CLERK_WEBHOOK_SIGNING_SECRET", SvixTestSigner.TEST_SECRET);
        return settings;
    }

    static RunningService start(String databaseUrl) {
        return start(settings(databaseUrl));
    }

    static RunningService start(Map<String, String> settings) {
        return new RunningService(new SpringApplicationBuilder(ClerkSyncApplication.class).run(arguments(settings)));
    }

    /**
     * Settings as command-line arguments. Unless the settings say otherwise, the port is random and
     * .env is read from an empty directory, so a developer's own .env cannot leak into tests.
     */
    static String[] arguments(Map<String, String> settings) {
        var arguments = new ArrayList<String>();
        settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        if (!settings.containsKey("PORT")) {
            arguments.add("--server.port=0");
        }
        if (!settings.containsKey("MANAGEMENT_SERVER_PORT")) {
            arguments.add("--MANAGEMENT_SERVER_PORT=0");
        }
        if (!settings.containsKey(DOTENV_DIRECTORY)) {
            arguments.add("--" + DOTENV_DIRECTORY + "=" + emptyDirectory());
        }
        return arguments.toArray(String[]::new);
    }

    static final String DOTENV_DIRECTORY = "clerksync.dotenv-directory";

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    /** The management port (health, metrics), never the public one. */
    WebTestClient management() {
        var port = context.getEnvironment().getRequiredProperty("local.management.port");
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    WebTestClient client() {
        return client;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The context's own bean factory: every bean definition, Spring's and the libraries' included. */
    ConfigurableListableBeanFactory beanFactory() {
        return context.getBeanFactory();
    }

    @Override
    public void close() {
        context.close();
    }

    static String emptyDirectory() {
        try {
            return Files.createTempDirectory("clerksync-no-dotenv").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
