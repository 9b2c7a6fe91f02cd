package dev.clerksync.bootstrap;

import dev.clerksync.adapter.persistence.LocalDatabaseCreator;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the guide's settings the way its users already write them: a {@code .env} file in the
 * working directory (the real environment wins over it) and {@code DATABASE_URL}, which is
 * converted for R2DBC and for Liquibase's JDBC connection. Without {@code DATABASE_URL} only the
 * {@code local} profile (the README's run command) falls back to the local PostgreSQL server;
 * anything else refuses to start rather than guess where the data should go.
 */
public class ClerkSyncEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String LOCAL_PROFILE = "local";
    public static final String LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/clerksync";
    static final String DOTENV_SOURCE = "dotenvFile";
    /** Where {@code .env} is read from; the working directory by default. */
    static final String DOTENV_DIRECTORY = "clerksync.dotenv-directory";
    static final String LOG_FORMAT = "LOG_FORMAT";
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
        addDatabaseSettings(environment);
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

    private void addDatabaseSettings(ConfigurableEnvironment environment) {
        var configured = environment.getProperty(DatabaseUrl.SETTING);
        DatabaseUrl url;
        var derived = new LinkedHashMap<String, Object>();
        if (configured != null && !configured.isBlank()) {
            url = DatabaseUrl.parse(configured);
        } else if (environment.matchesProfiles(LOCAL_PROFILE)) {
            url = DatabaseUrl.parse(LOCAL_DATABASE_URL);
            derived.put(CREATE_IF_MISSING, "true");
            createLocalDatabaseIfMissing(url);
        } else {
            throw new InvalidSettingException(DatabaseUrl.SETTING,
                    "is not set. Set it to postgresql://user:password@host:5432/database "
                            + "(or run the service with the 'local' profile to use a local PostgreSQL server).");
        }
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

    private void createLocalDatabaseIfMissing(DatabaseUrl url) {
        try {
            boolean created = LocalDatabaseCreator.createIfMissing(url.withDatabase("postgres").jdbcUrl(),
                    url.username().orElse("postgres"), url.password().orElse(""), url.database());
            log.info(DatabaseUrl.SETTING + " is not set: using the local PostgreSQL server, " + url
                    + (created ? " (database created)" : ""));
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
