package dev.clerksync.bootstrap;

import dev.clerksync.application.service.PruneDeliveryRecordsService;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsCommand;
import dev.clerksync.domain.port.in.PruneDeliveryRecordsUseCase;
import dev.clerksync.domain.port.out.DeleteOldDeliveryRecordsPort;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Pruning of the processed delivery ids: those older than {@value #RETENTION_SETTING} (default
 * {@code 7d}; at least 2 days) are deleted every hour, the first time a minute after start.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryRecordsConfiguration {

    public static final String RETENTION_SETTING = "CLERKSYNC_DELIVERY_RETENTION";
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** For tests: until the first and between runs. */
    static final String FIRST_RUN_DELAY_PROPERTY = "clerksync.delivery-records.first-prune-delay";
    static final String INTERVAL_PROPERTY = "clerksync.delivery-records.prune-interval";

    @Bean
    PruneDeliveryRecordsUseCase pruneDeliveryRecordsUseCase(DeleteOldDeliveryRecordsPort records) {
        return new PruneDeliveryRecordsService(records, Clock.systemUTC());
    }

    @Bean
    DeliveryRecordsPruning deliveryRecordsPruning(Environment environment, PruneDeliveryRecordsUseCase prune) {
        if (environment.getProperty(ReconcileCommandLine.COMMAND_LINE_PROPERTY, Boolean.class, false)) {
            return DeliveryRecordsPruning.off();
        }
        Duration retention = DurationSetting.read(environment, RETENTION_SETTING).orElse(DEFAULT_RETENTION);
        PruneDeliveryRecordsCommand command;
        try {
            command = new PruneDeliveryRecordsCommand(retention);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(RETENTION_SETTING,
                    "must be at least 2d (Svix retries a delivery for about 28 hours; unset: 7d)");
        }
        return DeliveryRecordsPruning.every(
                DurationSetting.read(environment, INTERVAL_PROPERTY).orElse(Duration.ofHours(1)),
                DurationSetting.read(environment, FIRST_RUN_DELAY_PROPERTY).orElse(Duration.ofMinutes(1)),
                prune, command);
    }
}
