package dev.clerksync.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Spares a start Liquibase's reading of the change log when there is nothing for it to do: when the
 * database's change log table already records exactly the changesets this build ships, each with
 * the checksum Liquibase stored when it applied it, Spring Boot's Liquibase bean is told not to run.
 * In every other case (a new or changed changeset, a table that does not exist yet, an unexpected
 * row, any error while looking) Liquibase runs as before and does the migrating, locking and
 * validating; it stays the only thing that changes the schema.
 *
 * <p>Why: Liquibase parses the whole change log, introspects its change classes and validates its
 * settings on every start, all interpreted since nothing is compiled yet: about a fifth of the main
 * thread's CPU at start (async-profiler), about 0.28 s to the first served webhook here, on every
 * start after the first.
 *
 * <p>What "this build's changesets" are: {@value #APPLIED_CHANGESETS}, the rows (id, author, file
 * name, checksum) the change log table holds once {@code db/changelog/db.changelog-master.yaml} is
 * applied. A test applies the change log to a fresh database and fails unless that file matches what
 * Liquibase wrote, so a new changeset cannot ship without it; a stale file could only make a start
 * run Liquibase, never skip a migration. Only Boot's usual set-up qualifies: this change log, the
 * default change log table and schema, and none of drop-first, clear-checksums, tag, rollback file,
 * test rollback, contexts or labels.
 */
final class SkipLiquibaseWhenUpToDate implements BeanPostProcessor {

    static final String CHANGE_LOG = "classpath:/db/changelog/db.changelog-master.yaml";

    static final String APPLIED_CHANGESETS = "db/changelog/applied-changesets.tsv";

    /** Liquibase's, which Spring Boot names explicitly (spring.liquibase.database-change-log-table). */
    private static final String DEFAULT_CHANGE_LOG_TABLE = "databasechangelog";

    private static final System.Logger LOG = System.getLogger(SkipLiquibaseWhenUpToDate.class.getName());

    private final Set<AppliedChangeSet> shipped;

    SkipLiquibaseWhenUpToDate() {
        this.shipped = readShipped();
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase && qualifies(liquibase)
                && upToDate(liquibase.getDataSource(), shipped)) {
            liquibase.setShouldRun(false);
            LOG.log(Level.INFO, "Database schema up to date ({0} changesets recorded as this build ships them): "
                    + "Liquibase has nothing to apply and is not run", shipped.size());
        }
        return bean;
    }

    /** Boot's plain set-up of this service's change log, and Liquibase about to run. */
    static boolean qualifies(SpringLiquibase liquibase) {
        var fields = new DirectFieldAccessor(liquibase);
        return Boolean.TRUE.equals(fields.getPropertyValue("shouldRun"))
                && CHANGE_LOG.equals(liquibase.getChangeLog())
                && liquibase.getDataSource() != null
                && !liquibase.isDropFirst()
                && !liquibase.isClearCheckSums()
                && !liquibase.isTestRollbackOnUpdate()
                && fields.getPropertyValue("rollbackFile") == null
                && isBlank(liquibase.getTag())
                && isBlank(liquibase.getContexts())
                && isBlank(liquibase.getLabelFilter())
                && isBlank(liquibase.getDefaultSchema())
                && isBlank(liquibase.getLiquibaseSchema())
                && (isBlank(liquibase.getDatabaseChangeLogTable())
                        || DEFAULT_CHANGE_LOG_TABLE.equalsIgnoreCase(liquibase.getDatabaseChangeLogTable()));
    }

    /** Whether the change log table holds exactly {@code shipped}; false on any doubt. */
    static boolean upToDate(DataSource dataSource, Set<AppliedChangeSet> shipped) {
        if (shipped.isEmpty()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select id, author, filename, md5sum from " + DEFAULT_CHANGE_LOG_TABLE)) {
            var recorded = new HashSet<AppliedChangeSet>();
            while (rows.next()) {
                if (rows.getString(4) == null) {
                    return false;
                }
                recorded.add(new AppliedChangeSet(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
            return recorded.equals(shipped);
        } catch (SQLException e) {
            // No change log table yet, no rights, no database: Liquibase runs and reports what is wrong.
            LOG.log(Level.DEBUG, "Could not read the change log table; Liquibase runs", e);
            return false;
        }
    }

    static Set<AppliedChangeSet> readShipped() {
        try (InputStream in = SkipLiquibaseWhenUpToDate.class.getClassLoader().getResourceAsStream(APPLIED_CHANGESETS)) {
            if (in == null) {
                return Set.of();
            }
            return Set.copyOf(AppliedChangeSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + APPLIED_CHANGESETS, e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** One row of Liquibase's change log table, as far as it identifies and checks a changeset. */
    record AppliedChangeSet(String id, String author, String fileName, String checksum) {

        AppliedChangeSet {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(checksum, "checksum");
            for (var field : List.of(id, author, fileName, checksum)) {
                if (field.isEmpty() || field.contains("\t") || field.contains("\n")) {
                    throw new IllegalArgumentException("not a change log field: '" + field + "'");
                }
            }
        }

        /** Tab-separated lines in the order of the record's components; '#' lines and blank lines skipped. */
        static Set<AppliedChangeSet> parse(String text) {
            var changeSets = new HashSet<AppliedChangeSet>();
            for (var line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                var fields = line.split("\t", -1);
                if (fields.length != 4) {
                    throw new IllegalArgumentException("expected id, author, file name and checksum, tab-separated: '" + line + "'");
                }
                changeSets.add(new AppliedChangeSet(fields[0], fields[1], fields[2], fields[3]));
            }
            return changeSets;
        }

        String line() {
            return String.join("\t", id, author, fileName, checksum);
        }
    }
}
