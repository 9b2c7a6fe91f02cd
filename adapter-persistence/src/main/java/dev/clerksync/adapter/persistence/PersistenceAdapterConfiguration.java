package dev.clerksync.adapter.persistence;

import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The persistence adapter's beans, for bootstrap to import. Spring Boot configures jOOQ only on a
 * JDBC {@code DataSource}; this application talks to PostgreSQL over R2DBC, so the
 * {@link DSLContext} is built here on the auto-configured (pooled) {@link ConnectionFactory}.
 * Transactions, where needed, are jOOQ's own ({@code transactionPublisher}): Spring's reactive
 * transactions do not reach jOOQ's R2DBC statements.
 */
@Configuration(proxyBeanMethods = false)
public class PersistenceAdapterConfiguration {

    static {
        // jOOQ prints a logo and a "tip of the day" on first use: noise in an operator's log.
        System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
        System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
    }

    /**
     * jOOQ's execute logging is off: it logs only at DEBUG anyway, yet its listener costs about a
     * quarter of the adapter's throughput (measured: ~1,900 vs ~2,600 snapshot deliveries/s at 32 in
     * flight on 2 cores). To see the SQL, wrap the bean or log with PostgreSQL's log_statement.
     */
    @Bean
    public DSLContext dslContext(ConnectionFactory connectionFactory) {
        return DSL.using(connectionFactory, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /** Static: a post-processor is created before the other beans, without this configuration. */
    @Bean
    static SkipLiquibaseWhenUpToDate skipLiquibaseWhenUpToDate() {
        return new SkipLiquibaseWhenUpToDate();
    }

    @Bean
    DatabaseConnectionsWarmUp databaseConnectionsWarmUp(ConnectionFactory connectionFactory) {
        return new DatabaseConnectionsWarmUp(connectionFactory);
    }

    /** Setting: how many changes may be in progress at once before more are refused (503) at once. */
    public static final String MAX_CHANGES_IN_PROGRESS = "clerksync.database.max-changes-in-progress";

    /**
     * Changes admitted per pooled connection unless {@value #MAX_CHANGES_IN_PROGRESS} says otherwise:
     * at a few milliseconds per statement, the last admitted one still gets a connection well within
     * the adapter's timeout; more would only wait to time out.
     */
    static final int CHANGES_IN_PROGRESS_PER_CONNECTION = 25;

    private static final String POOL_MAX_SIZE = "spring.r2dbc.pool.max-size";
    /** Spring Boot's own default for {@value #POOL_MAX_SIZE}. */
    private static final int DEFAULT_POOL_MAX_SIZE = 10;

    @Bean
    public JooqUserPersistenceAdapter jooqUserPersistenceAdapter(DSLContext dslContext, Environment environment) {
        return new JooqUserPersistenceAdapter(dslContext, JooqUserPersistenceAdapter.DEFAULT_TIMEOUT,
                maxChangesInProgress(environment));
    }

    @Bean
    public JooqDeliveryRecordsAdapter jooqDeliveryRecordsAdapter(DSLContext dslContext) {
        return new JooqDeliveryRecordsAdapter(dslContext);
    }

    static int maxChangesInProgress(Environment environment) {
        int poolSize = environment.getProperty(POOL_MAX_SIZE, Integer.class, DEFAULT_POOL_MAX_SIZE);
        return environment.getProperty(MAX_CHANGES_IN_PROGRESS, Integer.class,
                Math.max(1, poolSize) * CHANGES_IN_PROGRESS_PER_CONNECTION);
    }
}
