package dev.clerksync.bootstrap;

import dev.clerksync.application.service.ReconcileUsersService;
import dev.clerksync.domain.port.in.ReconcileUsersUseCase;
import dev.clerksync.domain.port.in.SyncUserUseCase;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.ListProviderUsersPort;
import dev.clerksync.domain.port.out.ListStoredUsersPort;
import dev.clerksync.domain.port.out.ReconcileLockPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The reconcile use case, and its optional schedule inside the service: {@value #INTERVAL_SETTING}
 * ({@code 6h}, {@code 30m}, or ISO-8601 {@code PT6H}; at least a minute; unset: no schedule). The
 * {@code reconcile} command runs the same use case once and has no schedule.
 */
@Configuration(proxyBeanMethods = false)
public class ReconcileConfiguration {

    public static final String INTERVAL_SETTING = "CLERK_RECONCILE_INTERVAL";

    /** Until the first scheduled run; by default the interval, but at most {@link #DEFAULT_FIRST_RUN_DELAY}. */
    static final String FIRST_RUN_DELAY_PROPERTY = "clerksync.reconcile.first-run-delay";

    /**
     * A service restarted more often than the interval (deployments) still reconciles: its first run
     * comes this soon after startup. The advisory lock keeps instances started together from overlapping.
     */
    static final Duration DEFAULT_FIRST_RUN_DELAY = Duration.ofMinutes(1);

    static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);

    @Bean
    ReconcileUsersUseCase reconcileUsersUseCase(
            ListProviderUsersPort providerUsers,
            FetchProviderUserPort providerUser,
            ListStoredUsersPort storedUsers,
            SyncUserUseCase sync,
            ReconcileLockPort lock) {
        return new ReconcileUsersService(providerUsers, providerUser, storedUsers, sync, lock, Clock.systemUTC());
    }

    @Bean
    ReconcileMetrics reconcileMetrics(ObjectProvider<MeterRegistry> meters) {
        return new ReconcileMetrics(meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
    }

    @Bean
    ReconcileSchedule reconcileSchedule(Environment environment, ReconcileUsersUseCase reconcile, ReconcileMetrics metrics) {
        if (environment.getProperty(ReconcileCommandLine.COMMAND_LINE_PROPERTY, Boolean.class, false)) {
            return ReconcileSchedule.off();
        }
        Optional<Duration> interval = DurationSetting.read(environment, INTERVAL_SETTING);
        interval.ifPresent(every -> {
            if (every.compareTo(SHORTEST_INTERVAL) < 0) {
                throw new InvalidSettingException(INTERVAL_SETTING, "must be at least 1m (a minute), or unset for no schedule");
            }
        });
        return interval.map(every -> ReconcileSchedule.every(every,
                        DurationSetting.read(environment, FIRST_RUN_DELAY_PROPERTY).orElse(min(every, DEFAULT_FIRST_RUN_DELAY)), reconcile,
                        metrics))
                .orElseGet(ReconcileSchedule::off);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
