package dev.clerksync.bootstrap;

import dev.clerksync.adapter.persistence.PersistenceAdapterConfiguration;
import dev.clerksync.adapter.persistence.ReconcilePersistenceConfiguration;
import dev.clerksync.adapter.web.WebAdapterConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The service: every adapter and use case is imported explicitly, so the composition root shows
 * exactly which implementations serve which ports.
 */
// No Spring-managed transactions: the persistence adapter runs its own through jOOQ's
// transactionPublisher. Left in, they add a transaction manager nobody uses and make Spring inspect
// every bean for @Transactional at start (about 15 % of the context's start-up time here).
// Nor the other auto-configurations for what this service does not have: a task executor or
// scheduler (its schedules run on Reactor's), project info for an info endpoint it does not expose,
// JDBC or JPA transaction managers, @Repository exception translation. Each bean costs start-up
// time (nothing is compiled yet); without these the first webhook is served about 0.1 s sooner
// (four alternating starts each, README "Performance").
@SpringBootApplication(exclude = {
        TransactionAutoConfiguration.class,
        R2dbcTransactionManagerAutoConfiguration.class,
        TransactionManagerCustomizationAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        PersistenceExceptionTranslationAutoConfiguration.class,
        TaskExecutionAutoConfiguration.class,
        TaskSchedulingAutoConfiguration.class,
        ProjectInfoAutoConfiguration.class,
        InfoContributorAutoConfiguration.class,
})
@Import({
        WebAdapterConfiguration.class,
        PersistenceAdapterConfiguration.class,
        ClerkConfiguration.class,
        UseCaseConfiguration.class,
        ReconcilePersistenceConfiguration.class,
        ClerkBackendApiConfiguration.class,
        ReconcileConfiguration.class,
        DeliveryRecordsConfiguration.class,
})
public class ClerkSyncApplication {

    /** Static: a registry post-processor runs before this class's other beans exist. */
    @Bean
    static EventListenerMethodScanOff eventListenerMethodScanOff() {
        return new EventListenerMethodScanOff();
    }

    /**
     * The service; or, with {@code reconcile [--dry-run]}, one reconcile run and its exit code; or, with
     * {@code send-test-event <type>}, one signed test event posted to a running service.
     */
    public static void main(String[] args) {
        NettyDefaults.applyUnlessSet(System.getProperties(), Runtime.getRuntime().availableProcessors());
        if (SendTestEventCommandLine.isRequested(args)) {
            System.exit(SendTestEventCommandLine.run(args, System.out, System.err));
        }
        if (ReconcileCommandLine.isRequested(args)) {
            // The entry point owns the process's console and exit code, and hands them to the command.
            System.exit(ReconcileCommandLine.run(args, System.out, System.err));
        }
        var application = new SpringApplication(ClerkSyncApplication.class);
        if (AotTrainingRun.isRequested()) {
            application.addListeners(new AotTrainingRun());
        }
        application.run(args);
    }
}
