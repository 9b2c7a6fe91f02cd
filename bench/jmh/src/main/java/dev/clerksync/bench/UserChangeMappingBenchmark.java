package dev.clerksync.bench;

import dev.clerksync.adapter.clerk.ClerkUserJsonMapper;
import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.WebhookEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event to command: a verified {@code user.created} body (the compact fixture, about 2.5 KB) to the
 * {@link UserChange} the use case applies.
 *
 * <ul>
 *   <li>{@code parseEvent}: {@link ClerkWebhookEventParserAdapter#parse}, body text to event;</li>
 *   <li>{@code readTreeOnly}: the Jackson tree alone, with the parser's settings (duplicate
 *       detection, trailing tokens refused): how much of {@code parseEvent} is JSON reading;</li>
 *   <li>{@code mapUser}: {@link ClerkUserJsonMapper#toSnapshot} on the already-read {@code data}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UserChangeMappingBenchmark {

    private static final JsonMapper PARSER_SETTINGS = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ClerkWebhookEventParserAdapter parser = new ClerkWebhookEventParserAdapter();
    private String body;
    private JsonNode data;

    @Setup(Level.Trial)
    public void body() {
        body = ClerkFixtures.compact(ClerkFixtures.USER_CREATED);
        data = PARSER_SETTINGS.readTree(body).path("data");
    }

    @Benchmark
    public WebhookEvent parseEvent() {
        return parser.parse(body);
    }

    @Benchmark
    public JsonNode readTreeOnly() {
        return PARSER_SETTINGS.readTree(body);
    }

    @Benchmark
    public UserChange.Snapshot mapUser() {
        return ClerkUserJsonMapper.toSnapshot(data);
    }
}
