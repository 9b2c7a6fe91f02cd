package dev.clerksync.adapter.clerk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one set of rules for the two settings every use of Clerk's Backend API shares: where it is
 * ({@value #API_URL_SETTING}) and the key it is called with ({@value #SECRET_KEY_SETTING}). Session
 * keys, handshakes, user lookups and the reconcile all send the secret key to that URL, so they must
 * accept and refuse exactly the same values. Messages name the setting and never repeat its value.
 */
public final class ClerkBackendApiAccess {

    /** The setting (environment variable) with the Backend API's base URL. */
    public static final String API_URL_SETTING = "CLERK_API_URL";
    /** The setting (environment variable) with the instance's secret key. */
    public static final String SECRET_KEY_SETTING = "CLERK_SECRET_KEY";
    /** Clerk's Backend API, used when {@value #API_URL_SETTING} is not set. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.clerk.com");
    /** The {@code Clerk-API-Version} every request pins, as Clerk's own SDKs do. */
    public static final String API_VERSION = "2026-05-12";

    private static final Pattern SECRET_KEY = Pattern.compile("sk_(test|live)_[\\x21-\\x7e]+");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private ClerkBackendApiAccess() {
    }

    /**
     * The API URL from the setting's text, validated as {@link #apiUrl(URI)} does.
     *
     * @param value the setting's raw value; surrounding white space is ignored
     * @return the base URL, without trailing slashes
     * @throws InvalidClerkSettingException naming {@value #API_URL_SETTING} when it is not such a URL
     */
    public static URI apiUrl(String value) {
        try {
            return apiUrl(new URI(value));
        } catch (URISyntaxException e) {
            throw new InvalidClerkSettingException(API_URL_SETTING, "is not a URL (" + e.getReason() + ")");
        }
    }

    /**
     * An absolute https base URL (plain http only on a loopback host, for local stand-ins: the secret
     * key travels in a header to it), without user info, query or fragment; trailing slashes removed.
     *
     * @param url the URL to check
     * @return the URL without trailing slashes
     * @throws InvalidClerkSettingException naming {@value #API_URL_SETTING} when it is not such a URL
     */
    public static URI apiUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.isOpaque() || host.isEmpty()) {
            throw new InvalidClerkSettingException(API_URL_SETTING, "is not an absolute http(s) URL");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK_HOSTS.contains(host))) {
            throw new InvalidClerkSettingException(API_URL_SETTING, "must use https (http only for localhost)");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidClerkSettingException(API_URL_SETTING, "must not have user info, a query or a fragment");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /**
     * A Clerk secret key: {@code sk_test_...} or {@code sk_live_...}, printable ASCII, no white space.
     *
     * @param value the setting's raw value; surrounding white space is ignored
     * @return the key, stripped
     * @throws InvalidClerkSettingException naming {@value #SECRET_KEY_SETTING} (never repeating the key)
     *     when it is not such a key
     */
    public static String secretKey(String value) {
        if (!SECRET_KEY.matcher(value).matches()) {
            throw new InvalidClerkSettingException(SECRET_KEY_SETTING,
                    "is not a Clerk secret key (sk_test_... or sk_live_..., no white space inside);"
                            + " copy the Secret Key from the Clerk dashboard");
        }
        return value;
    }
}
