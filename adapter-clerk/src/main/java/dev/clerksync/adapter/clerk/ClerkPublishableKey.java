package dev.clerksync.adapter.clerk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * A Clerk publishable key ({@value #SETTING}), {@code pk_test_<base64>} or {@code pk_live_<base64>},
 * where the base64 (padding optional) encodes the instance's Frontend API host followed by one
 * {@code $}. Parsed as Clerk's own SDK does ({@code packages/shared/src/keys.ts}). The key is public
 * (browsers see it), but error messages still do not repeat it.
 *
 * @param value the key, surrounding white space removed
 */
public record ClerkPublishableKey(String value) {

    /** The setting (environment variable) that holds the key. */
    /** The setting (environment variable) with the instance's publishable key. */
    public static final String SETTING = "PUBLIC_CLERK_PUBLISHABLE_KEY";

    private static final String TEST_PREFIX = "pk_test_";
    private static final String LIVE_PREFIX = "pk_live_";
    private static final int COOKIE_SUFFIX_LENGTH = 8;

    /** Which kind of Clerk instance a key belongs to. */
    public enum InstanceType {
        /** {@code pk_test_} keys. */
        DEVELOPMENT,
        /** {@code pk_live_} keys. */
        PRODUCTION
    }

    /**
     * Validates the key: a {@code pk_test_} or {@code pk_live_} prefix and a base64 Frontend API host
     * ending in {@code $}; surrounding white space is removed.
     *
     * @throws NullPointerException         when the value is null
     * @throws InvalidClerkSettingException when the value is not a publishable key
     */
    public ClerkPublishableKey {
        Objects.requireNonNull(value, "value must not be null");
        value = value.strip();
        decodeHost(value);
    }

    /**
     * The key from the setting's raw value; same as the constructor.
     *
     * @param setting the raw value of {@value #SETTING}
     * @return the key
     * @throws InvalidClerkSettingException when the value is not a publishable key
     */
    public static ClerkPublishableKey parse(String setting) {
        return new ClerkPublishableKey(setting);
    }

    /** {@return {@code DEVELOPMENT} for {@code pk_test_}, {@code PRODUCTION} for {@code pk_live_}} */
    public InstanceType instanceType() {
        return value.startsWith(LIVE_PREFIX) ? InstanceType.PRODUCTION : InstanceType.DEVELOPMENT;
    }

    /** {@return the Frontend API host, e.g. {@code clerk.example.com} or {@code foo-bar-13.clerk.accounts.dev}} */
    public String frontendApiHost() {
        return decodeHost(value);
    }

    /** {@return the {@code iss} claim of this instance's session tokens: {@code https://} + Frontend API host} */
    public String issuer() {
        return "https://" + frontendApiHost();
    }

    /**
     * The suffix Clerk appends to its cookie names ({@code __session_<suffix>}, {@code __client_uat_<suffix>})
     * so that several apps on one domain keep apart: the first 8 characters of the URL-safe base64 of
     * the SHA-1 of the whole key.
     *
     * @return the 8-character suffix
     */
    public String cookieSuffix() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, COOKIE_SUFFIX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }

    private static String decodeHost(String key) {
        if (key.isEmpty()) {
            throw invalid("is blank");
        }
        if (!key.startsWith(TEST_PREFIX) && !key.startsWith(LIVE_PREFIX)) {
            throw invalid("does not start with pk_test_ or pk_live_");
        }
        String[] parts = key.split("_", -1);
        if (parts.length != 3) {
            throw invalid("does not have exactly three parts separated by '_' (pk_test_<base64> or pk_live_<base64>)");
        }
        String decoded;
        try {
            // ISO-8859-1 maps each byte to one char, like the browser's atob() Clerk uses.
            decoded = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw invalid("does not end in base64 after pk_test_ or pk_live_");
        }
        if (!decoded.endsWith("$") || decoded.indexOf('$') != decoded.length() - 1) {
            throw invalid("does not encode a Frontend API host followed by a single '$'");
        }
        String host = decoded.substring(0, decoded.length() - 1);
        if (!host.contains(".")) {
            throw invalid("does not encode a Frontend API host with a '.' in it");
        }
        if (!host.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw invalid("encodes a Frontend API host with characters a host name cannot have");
        }
        return host;
    }

    private static InvalidClerkSettingException invalid(String problem) {
        return new InvalidClerkSettingException(SETTING, problem);
    }
}
