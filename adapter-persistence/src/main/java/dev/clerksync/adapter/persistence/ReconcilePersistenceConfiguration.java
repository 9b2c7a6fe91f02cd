package dev.clerksync.adapter.persistence;

import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The persistence adapter's beans for reconcile runs, for bootstrap to import next to
 * {@link PersistenceAdapterConfiguration} (whose {@link DSLContext} they use).
 */
@Configuration(proxyBeanMethods = false)
public class ReconcilePersistenceConfiguration {

    @Bean
    public JooqStoredUsersAdapter jooqStoredUsersAdapter(DSLContext dslContext) {
        return new JooqStoredUsersAdapter(dslContext);
    }

    @Bean
    public PostgresAdvisoryLockAdapter postgresAdvisoryLockAdapter(ConnectionFactory connectionFactory) {
        return PostgresAdvisoryLockAdapter.reconcileLock(connectionFactory);
    }
}
