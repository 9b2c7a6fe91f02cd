package dev.clerksync.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.persistence.SkipLiquibaseWhenUpToDate.AppliedChangeSet;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.DirectFieldAccessor;

class SkipLiquibaseWhenUpToDateTest {

    private static PGSimpleDataSource dataSource(PostgresTestDatabase database) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        return dataSource;
    }

    /** Spring Boot's Liquibase bean for this service's change log, as its auto-configuration sets it up. */
    private static SpringLiquibase bootsLiquibase(PostgresTestDatabase database) {
        var liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource(database));
        liquibase.setChangeLog(SkipLiquibaseWhenUpToDate.CHANGE_LOG);
        liquibase.setDatabaseChangeLogTable("DATABASECHANGELOG");
        liquibase.setDatabaseChangeLogLockTable("DATABASECHANGELOGLOCK");
        return liquibase;
    }

    private static boolean runsAfterTheCheck(SpringLiquibase liquibase) {
        new SkipLiquibaseWhenUpToDate().postProcessBeforeInitialization(liquibase, "liquibase");
        return (Boolean) new DirectFieldAccessor(liquibase).getPropertyValue("shouldRun");
    }

    private static Set<AppliedChangeSet> recorded(PostgresTestDatabase database) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select id, author, filename, md5sum from databasechangelog")) {
            var recorded = new HashSet<AppliedChangeSet>();
            while (rows.next()) {
                recorded.add(new AppliedChangeSet(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
            return recorded;
        }
    }

    private static void execute(PostgresTestDatabase database, String sql) throws SQLException {
        try (var connection = database.openJdbcConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void theShippedListIsWhatLiquibaseRecordsWhenItAppliesThisBuildsChangeLog() throws SQLException {
        try (var database = PostgresTestDatabase.create()) {
            var recorded = recorded(database);
            assertThat(recorded).isNotEmpty();
            assertThat(SkipLiquibaseWhenUpToDate.readShipped())
                    .as("%s must list exactly these lines:%n%s", SkipLiquibaseWhenUpToDate.APPLIED_CHANGESETS,
                            recorded.stream().map(AppliedChangeSet::line).sorted().collect(Collectors.joining("\n")))
                    .isEqualTo(recorded);
        }
    }

    @Test
    void liquibaseIsNotRunOnADatabaseThatRecordsExactlyTheShippedChangeSets() {
        try (var database = PostgresTestDatabase.create()) {
            assertThat(runsAfterTheCheck(bootsLiquibase(database))).isFalse();
        }
    }

    @Test
    void liquibaseRunsOnADatabaseWithoutItsChangeLogTable() {
        try (var database = PostgresTestDatabase.createEmpty()) {
            assertThat(runsAfterTheCheck(bootsLiquibase(database))).isTrue();
        }
    }

    @Test
    void liquibaseRunsWhenAChangeSetIsMissingRecordedWithAnotherChecksumOrUnknown() throws SQLException {
        try (var database = PostgresTestDatabase.create()) {
            var shipped = SkipLiquibaseWhenUpToDate.readShipped().iterator().next();

            execute(database, "update databasechangelog set md5sum = '9:00000000000000000000000000000000' where id = '" + shipped.id() + "'");
            assertThat(runsAfterTheCheck(bootsLiquibase(database))).as("another checksum").isTrue();

            execute(database, "delete from databasechangelog where id = '" + shipped.id() + "'");
            assertThat(runsAfterTheCheck(bootsLiquibase(database))).as("a changeset not applied").isTrue();
        }
        try (var database = PostgresTestDatabase.create()) {
            execute(database, "insert into databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype, md5sum)"
                    + " values ('0999-from-a-newer-build', 'clerksync', 'db/changelog/changes/0999.yaml', now(), 999, 'EXECUTED', '9:1')");
            assertThat(runsAfterTheCheck(bootsLiquibase(database))).as("a changeset this build does not ship").isTrue();
        }
    }

    @Test
    void liquibaseRunsWheneverItIsSetUpOtherwiseThanBootsPlainWay() {
        try (var database = PostgresTestDatabase.create()) {
            var setUps = new java.util.LinkedHashMap<String, Consumer<SpringLiquibase>>();
            setUps.put("another change log", liquibase -> liquibase.setChangeLog("classpath:/db/other.yaml"));
            setUps.put("drop first", liquibase -> liquibase.setDropFirst(true));
            setUps.put("clear checksums", liquibase -> liquibase.setClearCheckSums(true));
            setUps.put("a tag", liquibase -> liquibase.setTag("release-2"));
            setUps.put("contexts", liquibase -> liquibase.setContexts("test"));
            setUps.put("labels", liquibase -> liquibase.setLabelFilter("v2"));
            setUps.put("a default schema", liquibase -> liquibase.setDefaultSchema("accounts"));
            setUps.put("another change log table", liquibase -> liquibase.setDatabaseChangeLogTable("schema_history"));
            setUps.put("test rollback", liquibase -> liquibase.setTestRollbackOnUpdate(true));
            setUps.put("told not to run", liquibase -> liquibase.setShouldRun(false));
            setUps.forEach((setUp, change) -> {
                var liquibase = bootsLiquibase(database);
                change.accept(liquibase);
                var shouldRunBefore = (Boolean) new DirectFieldAccessor(liquibase).getPropertyValue("shouldRun");
                assertThat(runsAfterTheCheck(liquibase)).as(setUp).isEqualTo(shouldRunBefore);
            });
        }
    }

    @Test
    void theShippedListIsReadStrictly() {
        assertThat(AppliedChangeSet.parse("# comment\n\na\tb\tc\t9:d\n"))
                .containsExactly(new AppliedChangeSet("a", "b", "c", "9:d"));
        assertThatThrownBy(() -> AppliedChangeSet.parse("a\tb\tc\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tab-separated");
        assertThatThrownBy(() -> AppliedChangeSet.parse("a\t\tc\t9:d\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a change log field");
    }
}
