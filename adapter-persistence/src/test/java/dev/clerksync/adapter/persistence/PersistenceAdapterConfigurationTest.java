package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.Changes.at;
import static dev.clerksync.adapter.persistence.Changes.newDelivery;
import static dev.clerksync.adapter.persistence.Changes.newEmail;
import static dev.clerksync.adapter.persistence.Changes.newUserId;
import static dev.clerksync.adapter.persistence.Changes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.LoadUserPort;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PersistenceAdapterConfigurationTest {

    @Test
    void theConfigurationWiresTheAdapterToTheApplicationsConnectionFactory() {
        try (var database = PostgresTestDatabase.create();
             var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(ConnectionFactory.class, () -> database.connectionPool(2));
            context.register(PersistenceAdapterConfiguration.class);
            context.refresh();

            var dsl = context.getBean(DSLContext.class);
            assertThat(dsl.dialect()).isEqualTo(SQLDialect.POSTGRES);
            assertThat(dsl.settings().isExecuteLogging()).isFalse();
            var user = newUserId();
            var apply = context.getBean(ApplyUserChangePort.class);
            var load = context.getBean(LoadUserPort.class);
            assertThat(apply).isSameAs(load).isInstanceOf(JooqUserPersistenceAdapter.class);

            assertThat(apply.apply(snapshot(user, newEmail(), at(10)), newDelivery()).block(Duration.ofSeconds(10)).outcome())
                    .isEqualTo(SyncOutcome.CREATED);
            assertThat(load.load(user).block(Duration.ofSeconds(10)).userId()).isEqualTo(user);
        }
    }

    @Test
    void changesInProgressAreBoundedByThePoolSizeUnlessTheSettingSaysOtherwise() {
        var settings = new java.util.HashMap<String, Object>();
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
        assertThat(PersistenceAdapterConfiguration.maxChangesInProgress(environment)).isEqualTo(250);

        settings.put("spring.r2dbc.pool.max-size", "5");
        assertThat(PersistenceAdapterConfiguration.maxChangesInProgress(environment)).isEqualTo(125);

        settings.put(PersistenceAdapterConfiguration.MAX_CHANGES_IN_PROGRESS, "40");
        assertThat(PersistenceAdapterConfiguration.maxChangesInProgress(environment)).isEqualTo(40);
    }
}
