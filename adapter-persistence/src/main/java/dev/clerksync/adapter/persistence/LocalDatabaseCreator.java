package dev.clerksync.adapter.persistence;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Creates the application's database on a local development server when it does not exist yet,
 * so that a first run needs no manual {@code createdb}. Only the README's local run uses it;
 * a configured {@code DATABASE_URL} is never touched.
 */
public final class LocalDatabaseCreator {

    private static final String DUPLICATE_DATABASE = "42P04";

    private LocalDatabaseCreator() {
    }

    /**
     * @param maintenanceJdbcUrl the server's maintenance database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}
     * @return whether the database was created (false: it existed already)
     * @throws SQLException when the server cannot be reached or refuses
     */
    public static boolean createIfMissing(String maintenanceJdbcUrl, String user, String password, String database)
            throws SQLException {
        var credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "5");
        try (var connection = DriverManager.getConnection(maintenanceJdbcUrl, credentials)) {
            var sql = DSL.using(connection, SQLDialect.POSTGRES);
            var databases = table(name("pg_catalog", "pg_database"));
            if (sql.fetchExists(databases, field(name("datname"), String.class).eq(database))) {
                return false;
            }
            try {
                sql.createDatabase(name(database)).execute();
                return true;
            } catch (org.jooq.exception.DataAccessException e) {
                if (DUPLICATE_DATABASE.equals(e.sqlState())) {
                    return false;
                }
                throw e;
            }
        }
    }
}
