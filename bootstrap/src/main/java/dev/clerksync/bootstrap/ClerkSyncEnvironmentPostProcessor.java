package dev.clerksync.bootstrap;

import dev.clerksync.adapter.persistence.LocalDatabaseCreator;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the guide's settings the way its users already write them: a {@code .env} file in the
 * working directory (the real environment wins over it) and {@code DATABASE_URL}, which is
 * converted for R2DBC and for Liquibase's JDBC connection. Without {@code DATABASE_URL} only the
 * {@code local} profile (the README's run command) falls back, to the local PostgreSQL server or else
 * an embedded one ({@link DatabaseChoice}); anything else refuses to start rather than guess where
 * the data should go.
 */
public class ClerkSyncEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String LOCAL_PROFILE = "local";
    /** Where the local run looks for a PostgreSQL server, and where its embedded one listens when none answers. */
    static final String LOCAL_PORT = "clerksync.local-database.port";
    static final int DEFAULT_LOCAL_PORT = 5432;
    /** The embedded PostgreSQL's data directory; by default {@code .data/postgresql} in the working directory. */
    static final String EMBEDDED_DIRECTORY = "clerksync.local-database.embedded-directory";
    private static final Duration LOCAL_PROBE_TIMEOUT = Duration.ofSeconds(1);
    static final String DOTENV_SOURCE = "dotenvFile";
    /** Where {@code .env} is read from; the working directory by default. */
    static final String DOTENV_DIRECTORY = "clerksync.dotenv-directory";
    static final String LOG_FORMAT = "LOG_FORMAT";
    static final String MANAGEMENT_SERVER_PORT = "MANAGEMENT_SERVER_PORT";
    static final String DATABASE_SOURCE = "clerksyncDatabase";
    static final String CREATE_IF_MISSING = "clerksync.database.create-if-missing";

    private final Log log;

    public ClerkSyncEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(ClerkSyncEnvironmentPostProcessor.class);
    }

    @Override
    public int getOrder() {
        // After Boot's own config data processing, so that active profiles are known.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        addDotenvFile(environment, Path.of(environment.getProperty(DOTENV_DIRECTORY,
                System.getProperty("user.dir"))));
        addLogFormat(environment);
        checkManagementPort(environment);
        addDatabaseSettings(environment, application);
    }

    /**
     * Health and metrics have a port of their own ({@code MANAGEMENT_SERVER_PORT}, 0 for any free one),
     * never the public one and never none: the packaged jar's Spring AOT code was generated for a
     * separate management server, so a shared or disabled one must stop startup here, with the setting
     * named, rather than fail later as "port already in use" or, started the usual way, quietly put
     * health and metrics on the public port.
     */
    private static void checkManagementPort(ConfigurableEnvironment environment) {
        var managementPort = port(environment, "management.server.port", MANAGEMENT_SERVER_PORT);
        var serverPort = port(environment, "server.port", "PORT");
        if (managementPort.isEmpty()) {
            return;
        }
        int management = managementPort.get();
        if (management < 0 || management > 65535) {
            throw new InvalidSettingException(MANAGEMENT_SERVER_PORT, "must be a port number (0 for any free one), not " + management);
        }
        if (management != 0 && serverPort.isPresent() && serverPort.get() == management) {
            throw new InvalidSettingException(MANAGEMENT_SERVER_PORT,
                    "must differ from PORT (" + management + "): health and metrics are never served on the public port");
        }
    }

    private static Optional<Integer> port(ConfigurableEnvironment environment, String property, String setting) {
        var value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting, "must be a port number, not '" + value.strip() + "'");
        }
    }

    /**
     * {@code LOG_FORMAT=json}: Spring Boot's structured logging (Elastic Common Schema) on the console,
     * one JSON object per line; anything else, or unset, keeps the human-readable format. Runs before
     * Boot's logging system starts, so the very first line is already in the chosen format.
     */
    private static void addLogFormat(ConfigurableEnvironment environment) {
        var format = environment.getProperty(LOG_FORMAT, "text").strip();
        if (format.equalsIgnoreCase("json")) {
            addAfterEnvironment(environment, new MapPropertySource("clerksyncLogFormat",
                    Map.of("logging.structured.format.console", "ecs")));
        } else if (!format.equalsIgnoreCase("text")) {
            throw new InvalidSettingException(LOG_FORMAT, "must be text or json, not '" + format + "'");
        }
    }

    private void addDotenvFile(ConfigurableEnvironment environment, Path directory) {
        var values = dotenvValues(directory);
        if (values.isEmpty()) {
            return;
        }
        addAfterEnvironment(environment, new MapPropertySource(DOTENV_SOURCE, values));
        log.info("Read " + values.size() + " setting(s) from " + directory.resolve(".env")
                + " (variables set in the environment take precedence)");
    }

    /** The settings a {@code .env} file in {@code directory} declares; none when there is no such file. */
    static Map<String, Object> dotenvValues(Path directory) {
        Dotenv dotenv;
        try {
            dotenv = Dotenv.configure().directory(directory.toString()).ignoreIfMissing().load();
        } catch (DotenvException e) {
            throw new InvalidSettingException(".env", "in " + directory + " cannot be read: " + e.getMessage(), e);
        }
        var values = new LinkedHashMap<String, Object>();
        dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE).forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }

    private void addDatabaseSettings(ConfigurableEnvironment environment, SpringApplication application) {
        boolean localProfile = environment.matchesProfiles(LOCAL_PROFILE);
        // Read only where it means something: a production start never trips over the local run's settings.
        int localPort = localProfile ? environment.getProperty(LOCAL_PORT, Integer.class, DEFAULT_LOCAL_PORT) : DEFAULT_LOCAL_PORT;
        var embeddedDirectory = Path.of(environment.getProperty(EMBEDDED_DIRECTORY,
                Path.of(System.getProperty("user.dir"), ".data", "postgresql").toString())).toAbsolutePath().normalize();
        var databaseUrl = Optional.ofNullable(environment.getProperty(DatabaseUrl.SETTING)).filter(url -> !url.isBlank());
        if (localProfile && databaseUrl.isEmpty()) {
            // Before looking for a server: a killed run's embedded server would answer and be taken for one.
            StrayEmbeddedPostgres.stopIfLeftBehind(embeddedDirectory).ifPresent(pid -> log.warn("Stopped the embedded "
                    + "PostgreSQL (pid " + pid + ") that an earlier run left running in " + embeddedDirectory));
        }
        var choice = DatabaseChoice.choose(databaseUrl, localProfile, localPort,
                () -> DatabaseChoice.answers(DatabaseChoice.LOCAL_HOST, localPort, LOCAL_PROBE_TIMEOUT),
                DatabaseChoice::runningAsRoot);
        var derived = new LinkedHashMap<String, Object>();
        DatabaseUrl url = switch (choice) {
            case DatabaseChoice.Configured configured -> configured.url();
            case DatabaseChoice.LocalServer local -> {
                derived.put(CREATE_IF_MISSING, "true");
                boolean created = createLocalDatabaseIfMissing(local.url());
                log.info(DatabaseUrl.SETTING + " is not set: using the local PostgreSQL server, " + local.url()
                        + (created ? " (database created)" : ""));
                yield local.url();
            }
            case DatabaseChoice.EmbeddedServer embedded -> {
                derived.put(CREATE_IF_MISSING, "true");
                startEmbeddedWithTheContext(application, embedded, embeddedDirectory);
                yield embedded.url();
            }
        };
        if (!url.ignoredParameters().isEmpty()) {
            log.warn(DatabaseUrl.SETTING + " parameters not used by this service: " + url.ignoredParameters());
        }
        derived.put("spring.r2dbc.url", url.r2dbcUrl());
        derived.put("spring.liquibase.url", url.jdbcUrl());
        url.username().ifPresent(user -> {
            derived.put("spring.r2dbc.username", user);
            derived.put("spring.liquibase.user", user);
        });
        url.password().ifPresent(password -> {
            derived.put("spring.r2dbc.password", password);
            derived.put("spring.liquibase.password", password);
        });
        derived.put("clerksync.database.display-url", url.toString());
        addAfterEnvironment(environment, new MapPropertySource(DATABASE_SOURCE, derived));
    }

    /**
     * The URL is known now (the embedded server listens on the port nothing answered on); the server
     * itself starts with the application context, once logging is set up, and stops when the context
     * closes: its disposable is registered before any bean, so it is destroyed after all of them,
     * after in-flight requests and the connection pool.
     */
    private static void startEmbeddedWithTheContext(SpringApplication application, DatabaseChoice.EmbeddedServer embedded,
            Path dataDirectory) {
        if (!EmbeddedLocalPostgres.libraryPresent()) {
            throw EmbeddedLocalPostgres.cannotStart(dataDirectory.toAbsolutePath(), embedded.port(),
                    "it comes only with the README's run command (./mvnw -q -pl bootstrap -am compile spring-boot:run), "
                            + "never in the packaged jar", null);
        }
        application.addInitializers((ConfigurableApplicationContext context) -> {
            var server = EmbeddedLocalPostgres.start(dataDirectory, embedded.port());
            boolean created;
            try {
                created = createLocalDatabaseIfMissing(embedded.url());
            } catch (RuntimeException e) {
                // The context is not active yet, so closing it would not stop the server: stop it here.
                closeQuietly(server, e);
                throw e;
            }
            ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                    .registerDisposableBean("embeddedLocalPostgres", server::close);
            LogFactory.getLog(ClerkSyncEnvironmentPostProcessor.class).info(DatabaseUrl.SETTING
                    + " is not set and no PostgreSQL server answers on " + DatabaseChoice.LOCAL_HOST + ":" + embedded.port()
                    + ": using the embedded PostgreSQL, " + embedded.url() + (created ? " (database created)" : "")
                    + ", data in " + server.dataDirectory());
        });
    }

    private static void closeQuietly(EmbeddedLocalPostgres server, RuntimeException failure) {
        try {
            server.close();
        } catch (java.io.IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean createLocalDatabaseIfMissing(DatabaseUrl url) {
        try {
            return LocalDatabaseCreator.createIfMissing(url.withDatabase("postgres").jdbcUrl(),
                    url.username().orElse("postgres"), url.password().orElse(""), url.database());
        } catch (SQLException e) {
            throw new InvalidSettingException(DatabaseUrl.SETTING, "is not set, and the local PostgreSQL server at "
                    + url.host() + ":" + url.port() + " cannot be used (" + e.getMessage() + "). Start it, or set "
                    + DatabaseUrl.SETTING + " to postgresql://user:password@host:5432/database.", e);
        }
    }

    /** Below real environment variables and command-line arguments, above application.yml. */
    static void addAfterEnvironment(ConfigurableEnvironment environment, MapPropertySource source) {
        var sources = environment.getPropertySources();
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }

    static Map<String, Object> sourceOf(ConfigurableEnvironment environment, String name) {
        var source = environment.getPropertySources().get(name);
        return source instanceof MapPropertySource map ? map.getSource() : Map.of();
    }
}
