package dev.clerksync.adapter.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.persistence.testing.PrivatePostgresCluster.StopMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PrivatePostgresClusterTest {

    @Test
    void aPrivateClusterServesStopsKeepsItsDataAcrossARestartAndIsDeletedWhenClosed() throws SQLException {
        Path dataDirectory;
        try (var cluster = PrivatePostgresCluster.start()) {
            dataDirectory = Path.of(cluster.toString().replaceFirst(".* in ", ""));
            assertThat(cluster.port()).isNotEqualTo(5432);
            try (var connection = cluster.openJdbcConnection(); var statement = connection.createStatement()) {
                statement.execute("create table kept (value text)");
                statement.execute("insert into kept values ('before the outage')");
            }

            cluster.stop(StopMode.IMMEDIATE);
            assertThat(cluster.isRunning()).isFalse();
            assertThatThrownBy(cluster::openJdbcConnection).isInstanceOf(SQLException.class);

            cluster.startAgain();
            try (var connection = cluster.openJdbcConnection(); var statement = connection.createStatement();
                    var rows = statement.executeQuery("select value from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("before the outage");
            }
            assertThat(cluster.serverLog()).contains("database system is ready to accept connections");
        }
        assertThat(Files.exists(dataDirectory)).isFalse();
    }

    @Test
    void theServerProgramsAreFoundOnThisMachine() {
        var bin = PrivatePostgresCluster.findBinDirectory();

        assertThat(bin.resolve("initdb")).isExecutable();
        assertThat(bin.resolve("pg_ctl")).isExecutable();
    }
}
