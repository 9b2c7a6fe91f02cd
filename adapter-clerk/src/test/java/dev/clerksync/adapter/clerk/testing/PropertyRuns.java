package dev.clerksync.adapter.clerk.testing;

import java.util.Locale;
import java.util.Optional;
import org.quicktheories.QuickTheory;

/**
 * How many cases a property-based test runs and from which seed. The build's default is small and
 * fixed, so {@code ./mvnw -B verify} is fast and deterministic; a longer run is asked for with a
 * system property or an environment variable named after the test family, e.g. for {@code model}:
 * {@code -Dclerksync.model.tries=1000} or {@code CLERKSYNC_MODEL_TRIES=1000}, and
 * {@code -Dclerksync.model.seed=...} (or {@code random}) for another sequence of cases.
 *
 * @param tries   the number of generated cases to run
 * @param seed    the seed of QuickTheories' generator
 * @param shrinks how many shrinking steps a failure may take before it is reported
 */
public record PropertyRuns(String family, int tries, long seed, int shrinks) {

    public PropertyRuns {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
    }

    /** The settings for {@code family} ("model", "fuzz"), with the build's defaults. */
    public static PropertyRuns of(String family, int defaultTries, long defaultSeed, int shrinks) {
        int tries = setting(family, "tries").map(Integer::parseInt).orElse(defaultTries);
        long seed = setting(family, "seed")
                .map(value -> value.equalsIgnoreCase("random") ? System.nanoTime() : Long.parseLong(value))
                .orElse(defaultSeed);
        return new PropertyRuns(family, tries, seed, shrinks);
    }

    /** A QuickTheories run with these settings. */
    public QuickTheory theory() {
        return QuickTheory.qt()
                .withFixedSeed(seed)
                .withExamples(tries)
                .withShrinkCycles(shrinks)
                .withUnlimitedTestingTime();
    }

    /**
     * The fewest cases a run must have executed: QuickTheories does not run a generated value it has
     * already tried, so a run over a small space executes somewhat fewer than {@link #tries}.
     */
    public int atLeastDistinct() {
        return tries - tries / 10;
    }

    /** Tries scaled for a cheaper or dearer test of the same family (at least 1). */
    public PropertyRuns times(double factor) {
        return new PropertyRuns(family, Math.max(1, (int) Math.round(tries * factor)), seed, shrinks);
    }

    @Override
    public String toString() {
        return family + ": " + tries + " tries, seed " + seed
                + " (-Dclerksync." + family + ".tries / .seed to change)";
    }

    private static Optional<String> setting(String family, String what) {
        String property = "clerksync." + family + "." + what;
        String variable = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(variable)))
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }
}
