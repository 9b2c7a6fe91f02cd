import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * First step of the {@code jooq-codegen} profile, run as a single-file Java program (it is not part
 * of the module's sources): creates the throwaway code-generation database if it does not exist yet,
 * so that the profile works on a fresh machine with one command.
 *
 * <p>It connects to the server's {@code postgres} maintenance database only to look the database up
 * in {@code pg_database} and, if missing, to create it; it changes nothing else. Because the next
 * step (Liquibase with dropFirst) wipes the database, it refuses any database whose name does not
 * end in {@code _codegen}.
 *
 * <p>Settings (system properties): {@code codegen.db.url} (jdbc:postgresql://host:port/name),
 * {@code codegen.db.user}, {@code codegen.db.password}.
 */
public class CreateCodegenDatabase {

    private static final Pattern JDBC_URL =
            Pattern.compile("^(jdbc:postgresql://[^/?#]+/)([A-Za-z0-9_]+)(\\?.*)?$");

    public static void main(String[] args) throws SQLException {
        String url = System.getProperty("codegen.db.url", "");
        var matcher = JDBC_URL.matcher(url);
        if (!matcher.matches()) {
            fail("codegen.db.url must look like jdbc:postgresql://host:port/name_codegen, was: " + url);
        }
        String database = matcher.group(2);
        if (!database.endsWith("_codegen")) {
            fail("refusing to use database '" + database + "' for code generation: Liquibase drops"
                    + " everything in it first, so its name must end in _codegen");
        }
        String adminUrl = matcher.group(1) + "postgres" + (matcher.group(3) == null ? "" : matcher.group(3));
        var credentials = new Properties();
        credentials.setProperty("user", System.getProperty("codegen.db.user", "postgres"));
        credentials.setProperty("password", System.getProperty("codegen.db.password", ""));
        credentials.setProperty("connectTimeout", "10");
        credentials.setProperty("ApplicationName", "clerksync jooq-codegen");

        try (var connection = DriverManager.getConnection(adminUrl, credentials)) {
            boolean exists;
            try (var lookup = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                lookup.setString(1, database);
                try (var result = lookup.executeQuery()) {
                    exists = result.next();
                }
            }
            if (exists) {
                System.out.println("[codegen] database " + database + " exists");
                return;
            }
            try (var create = connection.createStatement()) {
                // The name was checked against [A-Za-z0-9_]+ above; quoted to keep its case.
                create.execute("create database \"" + database + "\"");
                System.out.println("[codegen] created database " + database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                    throw e;
                }
            }
        } catch (SQLException e) {
            fail("cannot prepare the code-generation database " + database + " via " + adminUrl
                    + " (is PostgreSQL running? see codegen.db.* in adapter-persistence/pom.xml): " + e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("[codegen] " + message);
        System.exit(1);
    }
}
