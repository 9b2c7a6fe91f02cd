package dev.clerksync.bootstrap;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/** A duration setting as operators write it: {@code 30m}, {@code 6h}, {@code 7d}, or ISO-8601 ({@code PT6H}). */
final class DurationSetting {

    private DurationSetting() {
    }

    /**
     * The setting's value; empty when unset or blank.
     *
     * @throws InvalidSettingException naming the setting, when the value is not a duration
     */
    static Optional<Duration> read(Environment environment, String name) {
        return Optional.ofNullable(environment.getProperty(name)).map(String::strip).filter(value -> !value.isEmpty())
                .map(value -> {
                    try {
                        return DurationStyle.detectAndParse(value);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSettingException(name, "is not a duration (e.g. 30m, 6h, 7d or PT6H)");
                    }
                });
    }
}
