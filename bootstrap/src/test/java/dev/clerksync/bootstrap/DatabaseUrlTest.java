package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void convertsTheGuidesUrlForR2dbcAndJdbcKeepingCredentialsApart() {
        var url = DatabaseUrl.parse("postgresql://app:s3cret@db.internal:6543/users");

        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.internal:6543/users");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/users");
        assertThat(url.username()).contains("app");
        assertThat(url.password()).contains("s3cret");
    }

    @Test
    void acceptsThePostgresSchemeAndDefaultsThePort() {
        var url = DatabaseUrl.parse("postgres://app@localhost/users");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.password()).isEmpty();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/users");
    }

    @Test
    void decodesPercentEscapedCredentialsAndKeepsPlusSigns() {
        var url = DatabaseUrl.parse("postgresql://app%40corp:p%3Ass+w%2Frd@localhost:5432/users");

        assertThat(url.username()).contains("app@corp");
        assertThat(url.password()).contains("p:ss+w/rd");
    }

    @Test
    void carriesSslModeAndSchemaOverInEachDriversSpelling() {
        var url = DatabaseUrl.parse("postgresql://app@db:5432/users?sslmode=require&schema=sync&connection_limit=5");

        assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db:5432/users?schema=sync&sslMode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/users?currentSchema=sync&sslmode=require");
        assertThat(url.ignoredParameters()).containsExactly("connection_limit");
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        assertThat(DatabaseUrl.parse("postgresql://app:s3cret@db:5432/users").toString())
                .isEqualTo("postgresql://app:***@db:5432/users");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://app@db/users", "postgresql://", "postgresql://db:5432/", "not a url at all",
            "postgresql://db:5432/a/b", "postgresql://app:%zz@db/users"})
    void refusesWhatIsNotAPostgresqlUrlNamingTheSetting(String value) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DATABASE_URL ");
    }
}
