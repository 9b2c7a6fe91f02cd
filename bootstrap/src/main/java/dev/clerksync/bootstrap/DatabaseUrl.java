package dev.clerksync.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code DATABASE_URL} as the guide and most hosts write it ({@code postgresql://user:pass@host:port/db}
 * or {@code postgres://...}), converted to what R2DBC and Liquibase's JDBC need. Credentials are kept
 * out of the converted URLs so that special characters need no second encoding.
 */
public record DatabaseUrl(
        String host, int port, String database, Optional<String> username, Optional<String> password,
        Optional<String> sslMode, Optional<String> schema, List<String> ignoredParameters) {

    public static final String SETTING = "DATABASE_URL";
    private static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        ignoredParameters = List.copyOf(ignoredParameters);
    }

    public static DatabaseUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw invalid("is not a URL (" + e.getReason() + ")");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw invalid("must start with postgresql:// or postgres://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("has no host");
        }
        var path = Optional.ofNullable(uri.getRawPath()).orElse("");
        var database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isBlank() || database.contains("/")) {
            throw invalid("must name one database after the host, as in postgresql://host:5432/mydb");
        }
        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            var userInfo = uri.getRawUserInfo();
            int colon = userInfo.indexOf(':');
            username = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        var parameters = parameters(uri.getRawQuery());
        var ignored = new ArrayList<>(parameters.keySet());
        ignored.removeAll(List.of("sslmode", "schema"));
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database,
                username, password, Optional.ofNullable(parameters.get("sslmode")),
                Optional.ofNullable(parameters.get("schema")), ignored);
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database
                + query(Map.of("sslMode", sslMode, "schema", schema));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database
                + query(Map.of("sslmode", sslMode, "currentSchema", schema));
    }

    /** The same server's maintenance database, from which a missing database can be created. */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, username, password, sslMode, schema, ignoredParameters);
    }

    private static String query(Map<String, Optional<String>> options) {
        var present = options.entrySet().stream()
                .filter(e -> e.getValue().isPresent())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().get(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return present.isEmpty() ? "" : "?" + present;
    }

    private static Map<String, String> parameters(String rawQuery) {
        var parameters = new LinkedHashMap<String, String>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (var pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            parameters.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
                    equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    /** Percent-decoding as in URIs: unlike form encoding, "+" stays a plus sign. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("has a malformed %-escape");
        }
    }

    private static InvalidSettingException invalid(String problem) {
        return new InvalidSettingException(SETTING, problem);
    }

    @Override
    public String toString() {
        return "postgresql://" + username.map(u -> u + (password.isPresent() ? ":***" : "") + "@").orElse("")
                + host + ":" + port + "/" + database;
    }
}
