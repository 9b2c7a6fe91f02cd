package dev.clerksync.adapter.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.DefaultResourceLoader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class PostgresTestDatabaseTest {

    @Test
    void eachCreatedDatabaseIsNewUniquelyNamedAndMigrated() throws SQLException {
        try (var first = PostgresTestDatabase.create(); var second = PostgresTestDatabase.create()) {
            assertThat(first.databaseName()).isNotEqualTo(second.databaseName()).startsWith("clerksync_test_");
            assertThat(tables(first)).contains("users", "processed_webhook_deliveries", "databasechangelog");
            assertThat(queryLong(first, "select count(*) from users")).isZero();
            assertThat(appliedChangeSets(first)).containsExactly(
                    "db/changelog/changes/0001-users.yaml::0001-create-users",
                    "db/changelog/changes/0002-processed-webhook-deliveries.yaml::0002-create-processed-webhook-deliveries");
        }
    }

    @Test
    void anEmptyDatabaseHasNoTablesUntilMigrated() throws SQLException {
        try (var database = PostgresTestDatabase.createEmpty()) {
            assertThat(tables(database)).isEmpty();

            database.migrate();

            assertThat(tables(database)).contains("users", "processed_webhook_deliveries");
        }
    }

    @Test
    void springBootsLiquibaseAtStartupFindsTheChangelogAlreadyApplied() throws Exception {
        try (var database = PostgresTestDatabase.create()) {
            // What Spring Boot's LiquibaseAutoConfiguration runs at startup, with its default changelog path.
            var dataSource = new PGSimpleDataSource();
            dataSource.setUrl(database.jdbcUrl());
            dataSource.setUser(database.username());
            dataSource.setPassword(database.password());
            var liquibase = new SpringLiquibase();
            liquibase.setDataSource(dataSource);
            liquibase.setChangeLog("classpath:/db/changelog/db.changelog-master.yaml");
            liquibase.setResourceLoader(new DefaultResourceLoader());
            liquibase.setAnalyticsEnabled(false);

            liquibase.afterPropertiesSet();

            assertThat(appliedChangeSets(database)).hasSize(2);
        }
    }

    @Test
    void closingDropsTheDatabase() throws SQLException {
        var database = PostgresTestDatabase.create();
        var pool = database.connectionPool(2);
        Mono.from(pool.create()).block(Duration.ofSeconds(10)); // a session left open is ended too

        database.close();

        assertThat(pool.isDisposed()).isTrue();
        assertThat(databaseExists(database.databaseName())).isFalse();
    }

    private static boolean databaseExists(String name) throws SQLException {
        try (var admin = PostgresTestServer.get().openAdminConnection();
             var statement = admin.prepareStatement("select count(*) from pg_database where datname = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    @Test
    void testDatabasesAbandonedLongAgoAreDroppedUnlessSomeoneIsConnected() throws SQLException {
        var server = PostgresTestServer.get();
        String abandoned = "clerksync_test_20000101_000000_0badf00d";
        String stillUsed = "clerksync_test_20000101_000000_0000beef";
        try (var admin = server.openAdminConnection(); var statement = admin.createStatement()) {
            statement.execute("create database " + abandoned);
            statement.execute("create database " + stillUsed);
        }
        try (var recent = PostgresTestDatabase.createEmpty();
             var session = java.sql.DriverManager.getConnection(
                     "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + stillUsed, server.credentials())) {

            PostgresTestDatabase.dropAbandonedDatabases(server);

            assertThat(databaseExists(abandoned)).isFalse();
            assertThat(databaseExists(stillUsed)).isTrue();
            assertThat(databaseExists(recent.databaseName())).isTrue();
        } finally {
            try (var admin = server.openAdminConnection(); var statement = admin.createStatement()) {
                statement.execute("drop database if exists " + abandoned + " with (force)");
                statement.execute("drop database if exists " + stillUsed + " with (force)");
            }
        }
    }

    @Test
    void theUrlsNameTheServerAndTheDatabase() {
        try (var database = PostgresTestDatabase.createEmpty()) {
            String hostPortDatabase = database.host() + ":" + database.port() + "/" + database.databaseName();

            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://" + hostPortDatabase);
            assertThat(database.r2dbcUrl()).isEqualTo("r2dbc:postgresql://" + hostPortDatabase);
            assertThat(database.postgresqlUrl()).isEqualTo("postgresql://" + database.username()
                    + (database.password().isEmpty() ? "" : ":" + database.password()) + "@" + hostPortDatabase);
        }
    }

    @Test
    void theConnectionPoolReachesTheDatabaseOverR2dbc() {
        try (var database = PostgresTestDatabase.create()) {
            var pool = database.connectionPool(2);

            String name = Mono.usingWhen(pool.create(),
                            connection -> Flux.from(connection.createStatement("select current_database()").execute())
                                    .flatMap(result -> result.map(row -> row.get(0, String.class)))
                                    .single(),
                            connection -> connection.close())
                    .block(Duration.ofSeconds(10));

            assertThat(name).isEqualTo(database.databaseName());
        }
    }

    @Test
    void aServerUrlFromTheEnvironmentIsParsedWithEncodedCredentials() {
        var server = PostgresTestServer.fromUrl("postgresql://al%40ice:p%3As%2Bs@db.example.com:6543/admin_db");

        assertThat(server.username()).isEqualTo("al@ice");
        assertThat(server.password()).isEqualTo("p:s+s");
        assertThat(server.host()).isEqualTo("db.example.com");
        assertThat(server.port()).isEqualTo(6543);
        assertThat(server.adminDatabase()).isEqualTo("admin_db");
        assertThat(server.toString()).doesNotContain("p:s+s");
    }

    @Test
    void aServerUrlWithoutPortPasswordOrDatabaseGetsTheDefaults() {
        var server = PostgresTestServer.fromUrl("postgres://bob@db.example.com");

        assertThat(server.username()).isEqualTo("bob");
        assertThat(server.password()).isEmpty();
        assertThat(server.port()).isEqualTo(5432);
        assertThat(server.adminDatabase()).isEqualTo("postgres");
    }

    @Test
    void withoutDockerTheEnvironmentsServerComesBeforeTheLocalOne() {
        var local = PostgresTestServer.get();
        var unusableLocal = PostgresTestServer.local("127.0.0.1", 1);
        String url = "postgresql://" + local.username() + (local.password().isEmpty() ? "" : ":" + local.password())
                + "@" + local.host() + ":" + local.port() + "/" + local.adminDatabase();

        var found = PostgresTestServer.find(tried -> false, url, unusableLocal, PostgresTestDatabaseTest::noContainer);

        assertThat(found.host()).isEqualTo(local.host());
        assertThat(found.port()).isEqualTo(local.port());
    }

    @Test
    void aDockerEngineIsPreferredToEverythingElse() {
        var fromContainer = PostgresTestServer.local("container.example", 15432);

        var found = PostgresTestServer.find(tried -> true, "postgresql://x@elsewhere:5432/postgres",
                PostgresTestServer.local("127.0.0.1", 1), () -> fromContainer);

        assertThat(found).isSameAs(fromContainer);
    }

    @Test
    void anUnreachableServerFromTheEnvironmentFailsLoudlyInsteadOfFallingBack() {
        var usableLocal = PostgresTestServer.get();

        assertThatThrownBy(() -> PostgresTestServer.find(tried -> false, "postgresql://postgres@127.0.0.1:1/postgres",
                        usableLocal, PostgresTestDatabaseTest::noContainer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PostgresTestDatabase.URL_VARIABLE)
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void withNoServerAtAllTheFailureExplainsTheThreeWaysToProvideOne() {
        assertThatThrownBy(() -> PostgresTestServer.find(tried -> {
                    tried.add("no Docker engine for Testcontainers");
                    return false;
                }, null, PostgresTestServer.local("127.0.0.1", 1), PostgresTestDatabaseTest::noContainer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No PostgreSQL server for the tests")
                .hasMessageContaining("Docker")
                .hasMessageContaining(PostgresTestDatabase.URL_VARIABLE + "=postgresql://")
                .hasMessageContaining("127.0.0.1:1");
    }

    private static PostgresTestServer noContainer() {
        throw new AssertionError("no container may be started without a Docker engine");
    }

    private static List<String> tables(PostgresTestDatabase database) throws SQLException {
        return queryStrings(database, "select tablename from pg_tables where schemaname = 'public' order by tablename");
    }

    private static List<String> appliedChangeSets(PostgresTestDatabase database) throws SQLException {
        return queryStrings(database, "select filename || '::' || id from databasechangelog order by orderexecuted");
    }

    private static List<String> queryStrings(PostgresTestDatabase database, String sql) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static long queryLong(PostgresTestDatabase database, String sql) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
