package dev.clerksync.adapter.persistence.testing;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * A fresh PostgreSQL database of its own (unique name), with the application's Liquibase changelog
 * applied, dropped again by {@link #close()}. For adapter tests and for bootstrap's end-to-end tests
 * (this class ships in the module's test-jar):
 *
 * <pre>{@code
 * try (var database = PostgresTestDatabase.create()) {
 *     ConnectionFactory pool = database.connectionPool(10);   // closed with the database
 *     ... database.r2dbcUrl(), database.jdbcUrl(), database.username(), database.password() ...
 * }
 * }</pre>
 *
 * <p>The server is chosen once per JVM, in this order:
 * <ol>
 *   <li>a Testcontainers PostgreSQL ({@value #CONTAINER_IMAGE}), when a Docker engine is reachable;</li>
 *   <li>the server named by the environment variable {@value #URL_VARIABLE}
 *       ({@code postgresql://user:password@host:port/database}; the user must be allowed to create
 *       databases, the named database is only used to create and drop the test databases);</li>
 *   <li>a PostgreSQL on {@value #LOCAL_HOST}:{@value #LOCAL_PORT}, user {@value #LOCAL_USER}, no password.</li>
 * </ol>
 * When none is usable, {@link #create()} fails with an {@link IllegalStateException} saying so:
 * tests never silently skip.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** Environment variable naming a PostgreSQL server for tests: postgresql://user:password@host:port/database. */
    public static final String URL_VARIABLE = "CLERKSYNC_TEST_DATABASE_URL";

    public static final String CONTAINER_IMAGE = "postgres:15-alpine";

    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 5432;
    static final String LOCAL_USER = "postgres";

    /** The changelog bootstrap runs at startup (Spring Boot's default location, shipped in the main jar). */
    public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

    private static final String NAME_PREFIX = "clerksync_test_";
    /** Part of every test database's name (UTC), so that abandoned ones can be recognised by age. */
    private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    /** Older test databases without sessions are left over from killed test runs. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(6);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Databases created by this JVM and not closed yet: dropped at exit, so that crashed runs leave less behind. */
    private static final Set<PostgresTestDatabase> OPEN = ConcurrentHashMap.newKeySet();

    // Liquibase logs through java.util.logging; keep its INFO chatter out of test output (a strong
    // reference, or the level setting would be garbage-collected with the logger).
    private static final Logger LIQUIBASE_LOGGER = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOGGER.setLevel(Level.WARNING);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(database -> {
            try {
                database.close();
            } catch (RuntimeException e) {
                System.err.println("could not drop " + database + ": " + e.getMessage());
            }
        }), "drop-clerksync-test-databases"));
    }

    private final PostgresTestServer server;
    private final String databaseName;
    private final List<ConnectionPool> pools = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresTestDatabase(PostgresTestServer server, String databaseName) {
        this.server = server;
        this.databaseName = databaseName;
    }

    /** A new database with the application's schema (the Liquibase changelog applied). */
    public static PostgresTestDatabase create() {
        var database = createEmpty();
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** A new, empty database: for tests that watch the application migrate it at startup. */
    public static PostgresTestDatabase createEmpty() {
        var server = PostgresTestServer.get();
        var name = NAME_PREFIX + LocalDateTime.now(ZoneOffset.UTC).format(CREATION_TIME) + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = server.openAdminConnection();
             var statement = admin.createStatement()) {
            // template0: nobody is ever connected to it, so parallel creations cannot collide on it.
            statement.execute("create database \"" + name + "\" template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + server.description(), e);
        }
        var database = new PostgresTestDatabase(server, name);
        OPEN.add(database);
        return database;
    }

    /** Applies the application's Liquibase changelog (liquibase-core, as Spring Boot would at startup). */
    public void migrate() {
        try (Connection connection = openJdbcConnection()) {
            Database liquibaseDatabase =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(
                    Map.of(
                            AnalyticsArgs.ENABLED.getKey(), false,
                            Scope.Attr.resourceAccessor.name(),
                            new ClassLoaderResourceAccessor(PostgresTestDatabase.class.getClassLoader()),
                            Scope.Attr.ui.name(), new LoggerUIService()),
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, liquibaseDatabase)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                            .execute());
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply " + CHANGELOG + " to test database " + databaseName, e);
        }
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String databaseName() {
        return databaseName;
    }

    public String username() {
        return server.username();
    }

    public String password() {
        return server.password();
    }

    /** {@code jdbc:postgresql://host:port/database} (credentials apart). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + databaseName;
    }

    /** {@code r2dbc:postgresql://host:port/database} (credentials apart). */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + server.host() + ":" + server.port() + "/" + databaseName;
    }

    /**
     * {@code postgresql://user:password@host:port/database}, user and password percent-encoded
     * ({@code postgresql://user@host:port/database} when there is no password).
     */
    public String postgresqlUrl() {
        var userInfo = encode(server.username())
                + (server.password().isEmpty() ? "" : ":" + encode(server.password()));
        return "postgresql://" + userInfo + "@" + server.host() + ":" + server.port() + "/" + databaseName;
    }

    /** A plain JDBC connection to this database, for test assertions and set-up. The caller closes it. */
    public Connection openJdbcConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.credentials());
    }

    /** How many rows a table of the schema holds ({@code users}, {@code processed_webhook_deliveries}). */
    public long rowCount(String table) throws SQLException {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table of the schema: " + table);
        }
        try (var connection = openJdbcConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The email column of a user's row, read over JDBC: empty when there is no row or no address. */
    public Optional<String> storedEmail(String clerkId) throws SQLException {
        try (var connection = openJdbcConnection();
                var query = connection.prepareStatement("select email from users where clerk_id = ?")) {
            query.setString(1, clerkId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * A pooled R2DBC connection factory (r2dbc-pool over r2dbc-postgresql) on this database, closed
     * together with it. Acquiring a connection gives up after 5 s.
     */
    public ConnectionPool connectionPool(int maxSize) {
        if (closed.get()) {
            throw new IllegalStateException("test database " + databaseName + " is closed");
        }
        var pool = pooledConnectionFactory(server.host(), server.port(), databaseName,
                server.username(), server.password(), maxSize);
        pools.add(pool);
        return pool;
    }

    /** A pooled R2DBC connection factory on any PostgreSQL database; the caller disposes it. */
    public static ConnectionPool pooledConnectionFactory(
            String host, int port, String database, String username, String password, int maxSize) {
        var connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(host)
                .port(port)
                .database(database)
                .username(username)
                .password(password)
                .connectTimeout(CONNECT_TIMEOUT)
                .applicationName("clerksync-test")
                .build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .initialSize(0)
                .maxSize(maxSize)
                .maxAcquireTime(Duration.ofSeconds(5))
                .maxCreateConnectionTime(CONNECT_TIMEOUT)
                .build());
    }

    /** Closes the pools made by {@link #connectionPool(int)}, then drops the database (ending any session left on it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OPEN.remove(this);
        pools.forEach(ConnectionPool::dispose);
        try (Connection admin = server.openAdminConnection();
             var statement = admin.createStatement()) {
            statement.execute("drop database if exists \"" + databaseName + "\" with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + databaseName + " on " + server.description(), e);
        }
    }

    @Override
    public String toString() {
        return databaseName + " on " + server.description();
    }

    /**
     * Drops test databases left behind by test runs that were killed before they could clean up:
     * named like ours, created more than {@link #ABANDONED_AFTER} ago, and without any session (a
     * plain DROP DATABASE refuses a database someone is connected to). Best effort, once per JVM.
     */
    static void dropAbandonedDatabases(PostgresTestServer server) {
        var cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(ABANDONED_AFTER);
        try (Connection admin = server.openAdminConnection();
             var statement = admin.createStatement()) {
            List<String> abandoned = new ArrayList<>();
            try (var rows = statement.executeQuery(
                    "select d.datname from pg_database d where d.datname like 'clerksync\\_test\\_%'"
                            // (DROP DATABASE would wait 5 s for sessions to go before refusing)
                            + " and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    creationTime(name).filter(created -> created.isBefore(cutoff)).ifPresent(created -> abandoned.add(name));
                }
            }
            for (String name : abandoned) {
                try {
                    statement.execute("drop database if exists \"" + name + "\"");
                } catch (SQLException inUse) {
                    // someone is still using it: not abandoned after all
                }
            }
        } catch (SQLException e) {
            // best effort: a failure here must not stop the tests
        }
    }

    private static Optional<LocalDateTime> creationTime(String databaseName) {
        if (!databaseName.startsWith(NAME_PREFIX) || databaseName.length() < NAME_PREFIX.length() + 15) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(
                    databaseName.substring(NAME_PREFIX.length(), NAME_PREFIX.length() + 15), CREATION_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Properties credentials(String username, String password) {
        var properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("ApplicationName", "clerksync-test");
        return properties;
    }
}
