package dev.clerksync.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A scrape of {@code /actuator/prometheus}: each sample's value by its name and labels, as printed. */
record PrometheusScrape(Map<String, Double> samples, String text) {

    static PrometheusScrape of(RunningService service) {
        var text = service.management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        var samples = new LinkedHashMap<String, Double>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusScrape(Map.copyOf(samples), text);
    }

    /** The value of {@code sample}, e.g. {@code clerksync_reconcile_running} or {@code name{label="value"}}. */
    Optional<Double> value(String sample) {
        return Optional.ofNullable(samples.get(sample));
    }

    /** The value, 0 when the sample is not there (a counter never incremented). */
    double count(String sample) {
        return samples.getOrDefault(sample, 0.0);
    }
}
