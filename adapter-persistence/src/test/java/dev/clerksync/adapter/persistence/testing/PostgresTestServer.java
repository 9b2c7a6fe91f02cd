package dev.clerksync.adapter.persistence.testing;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server test databases are created on, found once per JVM (see
 * {@link PostgresTestDatabase} for the order). {@code adminDatabase} is where CREATE/DROP DATABASE
 * are issued from.
 */
record PostgresTestServer(
        String host, int port, String adminDatabase, String username, String password, String description) {

    private static PostgresTestServer server;
    private static IllegalStateException failure;

    static synchronized PostgresTestServer get() {
        if (server == null && failure == null) {
            try {
                server = find();
                PostgresTestDatabase.dropAbandonedDatabases(server);
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return server;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return description;
    }

    Properties credentials() {
        return PostgresTestDatabase.credentials(username, password);
    }

    Connection openAdminConnection() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + adminDatabase, credentials());
    }

    private static PostgresTestServer find() {
        return find(PostgresTestServer::dockerAvailable, System.getenv(PostgresTestDatabase.URL_VARIABLE),
                local(PostgresTestDatabase.LOCAL_HOST, PostgresTestDatabase.LOCAL_PORT), PostgresTestServer::startContainer);
    }

    static PostgresTestServer local(String host, int port) {
        return new PostgresTestServer(host, port, "postgres", PostgresTestDatabase.LOCAL_USER, "",
                "local PostgreSQL " + PostgresTestDatabase.LOCAL_USER + "@" + host + ":" + port);
    }

    /** The first usable server: Docker (Testcontainers), else the URL from the environment, else the local one. */
    static PostgresTestServer find(Predicate<List<String>> docker, String environmentUrl,
            PostgresTestServer local, Supplier<PostgresTestServer> container) {
        List<String> tried = new ArrayList<>();

        // 1. Testcontainers, when a Docker engine answers.
        if (docker.test(tried)) {
            return container.get();
        }

        // 2. The server named by the environment. Explicitly configured, so it must work: no fallback.
        if (environmentUrl != null && !environmentUrl.isBlank()) {
            var named = fromUrl(environmentUrl.strip());
            String problem = unreachable(named);
            if (problem != null) {
                throw new IllegalStateException(PostgresTestDatabase.URL_VARIABLE + " names " + named.description()
                        + ", which cannot be used: " + problem + "\n" + options());
            }
            return named;
        }
        tried.add(PostgresTestDatabase.URL_VARIABLE + " is not set");

        // 3. A local server.
        String problem = unreachable(local);
        if (problem == null) {
            return local;
        }
        tried.add(local.description() + ": " + problem);

        throw new IllegalStateException("No PostgreSQL server for the tests:\n  - "
                + String.join("\n  - ", tried) + "\n" + options());
    }

    private static String options() {
        return "Provide one of:\n"
                + "  1. a Docker engine (Testcontainers starts " + PostgresTestDatabase.CONTAINER_IMAGE + "),\n"
                + "  2. " + PostgresTestDatabase.URL_VARIABLE
                + "=postgresql://user:password@host:port/database, a server on which that user may CREATE DATABASE,\n"
                + "  3. a PostgreSQL on " + PostgresTestDatabase.LOCAL_HOST + ":" + PostgresTestDatabase.LOCAL_PORT
                + " accepting user " + PostgresTestDatabase.LOCAL_USER + " without a password"
                + " (e.g. pg_ctlcluster 15 main start).";
    }

    private static boolean dockerAvailable(List<String> tried) {
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return true;
            }
            tried.add("no Docker engine for Testcontainers");
        } catch (RuntimeException | LinkageError e) {
            tried.add("Testcontainers unusable: " + e);
        }
        return false;
    }

    private static PostgresTestServer startContainer() {
        var container = new PostgreSQLContainer(PostgresTestDatabase.CONTAINER_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-clerksync-test-postgres"));
        return new PostgresTestServer(container.getHost(), container.getMappedPort(5432),
                container.getDatabaseName(), container.getUsername(), container.getPassword(),
                "Testcontainers " + PostgresTestDatabase.CONTAINER_IMAGE);
    }

    /** Parses postgresql://user:password@host:port/database (also postgres://; port defaults to 5432). */
    static PostgresTestServer fromUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(PostgresTestDatabase.URL_VARIABLE + " is not a URL: " + e.getMessage()
                    + "\n" + options(), e);
        }
        if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalStateException(PostgresTestDatabase.URL_VARIABLE
                    + " must look like postgresql://user:password@host:port/database\n" + options());
        }
        String username = "postgres";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String adminDatabase = path.isEmpty() ? "postgres" : decode(path);
        return new PostgresTestServer(uri.getHost(), port, adminDatabase, username, password,
                "PostgreSQL " + username + "@" + uri.getHost() + ":" + port + "/" + adminDatabase);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Null when a connection to the admin database succeeds, otherwise why not. */
    private static String unreachable(PostgresTestServer candidate) {
        try (Connection ignored = candidate.openAdminConnection()) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
