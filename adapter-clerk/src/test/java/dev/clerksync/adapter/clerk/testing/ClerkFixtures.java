package dev.clerksync.adapter.clerk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Clerk and Svix fixtures under {@code fixtures/} on the test classpath (this module's test-jar
 * ships them), read as the exact UTF-8 text of the files.
 */
public final class ClerkFixtures {

    public static final String USER_CREATED = "clerk/user.created.json";
    public static final String USER_CREATED_NO_NAME = "clerk/user.created.no-name.json";
    public static final String USER_CREATED_PHONE_ONLY = "clerk/user.created.phone-only.json";
    public static final String USER_CREATED_PRIMARY_NOT_FIRST = "clerk/user.created.primary-not-first.json";
    public static final String USER_CREATED_UNICODE_NAME = "clerk/user.created.unicode-name.json";
    public static final String USER_UPDATED = "clerk/user.updated.json";
    public static final String USER_DELETED = "clerk/user.deleted.json";
    public static final String SESSION_CREATED = "clerk/session.created.json";
    public static final String PUBLISHABLE_KEY_VECTORS = "clerk/publishable-key-vectors.json";
    public static final String SESSION_JWT_VECTORS = "clerk/session-jwt-vectors.json";
    public static final String SIGNED_DELIVERIES = "webhooks/clerk-signed-deliveries.json";
    public static final String STANDARD_WEBHOOKS_VECTORS = "webhooks/standard-webhooks-vectors.json";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ClerkFixtures() {
    }

    /** The fixture at {@code path} below {@code fixtures/}, e.g. {@code "clerk/user.created.json"}, byte-exact. */
    public static String read(String path) {
        String resource = "/fixtures/" + path;
        try (InputStream in = ClerkFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    /** The fixture parsed as a JSON tree (a fresh copy each time). */
    public static JsonNode tree(String path) {
        return JSON.readTree(read(path));
    }

    /**
     * The fixture as a compact JSON body (no white space, member order kept), which is exactly what
     * Clerk sends and what {@code clerk-signed-deliveries.json} signs.
     */
    public static String compact(String path) {
        return event(path).toJson();
    }

    /** A compact body of the fixture whose fields can be replaced first, for realistic test events. */
    public static ClerkEventBody event(String path) {
        return ClerkEventBody.of(path);
    }

    /** The signed deliveries of {@code webhooks/clerk-signed-deliveries.json}. */
    public static SignedDeliveries signedDeliveries() {
        return SignedDeliveries.load();
    }

    public static String userCreated() {
        return read(USER_CREATED);
    }

    public static String userCreatedNoName() {
        return read(USER_CREATED_NO_NAME);
    }

    public static String userCreatedPhoneOnly() {
        return read(USER_CREATED_PHONE_ONLY);
    }

    public static String userCreatedPrimaryNotFirst() {
        return read(USER_CREATED_PRIMARY_NOT_FIRST);
    }

    public static String userCreatedUnicodeName() {
        return read(USER_CREATED_UNICODE_NAME);
    }

    public static String userUpdated() {
        return read(USER_UPDATED);
    }

    public static String userDeleted() {
        return read(USER_DELETED);
    }

    public static String sessionCreated() {
        return read(SESSION_CREATED);
    }
}
