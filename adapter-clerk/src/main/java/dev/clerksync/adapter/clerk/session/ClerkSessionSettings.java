package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.ClerkBackendApiAccess;
import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.ClerkPublishableKey.InstanceType;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything needed to authenticate requests with Clerk session tokens, validated once at start-up.
 *
 * <p>Build it from the environment with {@link #builderFromSettings(Function)}, or piece by piece
 * with {@link #builder(ClerkPublishableKey)}. Every problem is an {@link InvalidClerkSettingException}
 * naming the variable, never echoing a secret; having neither key is the distinct
 * {@link MissingClerkSessionKeyException}.
 *
 * @param publishableKey the instance: its issuer ({@code iss}), Frontend API host (handshakes) and
 *     cookie suffix
 * @param jwtKey {@value #JWT_KEY_SETTING}: when present, tokens are verified with it alone, without
 *     any network call (and their {@code kid} is ignored, as Clerk's SDKs do)
 * @param secretKey {@value #SECRET_KEY_SETTING}: authenticates the JWKS fetch from the Backend API
 *     when there is no {@code jwtKey}
 * @param apiUrl {@value #API_URL_SETTING}, without a trailing slash
 * @param authorizedParties {@value #AUTHORIZED_PARTIES_SETTING}: the origins whose tokens are
 *     accepted ({@code azp}); empty means not enforced
 * @param clockSkew leeway for {@code exp}, {@code nbf} and {@code iat}
 * @param clock the time tokens and the key cache are checked against
 * @param httpConnectTimeout for connecting to the Backend API
 * @param httpRequestTimeout for the Backend API's whole answer once connected
 */
public record ClerkSessionSettings(
        ClerkPublishableKey publishableKey,
        Optional<RSAPublicKey> jwtKey,
        Optional<String> secretKey,
        URI apiUrl,
        List<String> authorizedParties,
        Duration clockSkew,
        Clock clock,
        Duration httpConnectTimeout,
        Duration httpRequestTimeout) {

    public static final String PUBLISHABLE_KEY_SETTING = ClerkPublishableKey.SETTING;
    public static final String SECRET_KEY_SETTING = ClerkBackendApiAccess.SECRET_KEY_SETTING;
    public static final String JWT_KEY_SETTING = "CLERK_JWT_KEY";
    public static final String API_URL_SETTING = ClerkBackendApiAccess.API_URL_SETTING;
    public static final String AUTHORIZED_PARTIES_SETTING = "CLERK_AUTHORIZED_PARTIES";

    public static final URI DEFAULT_API_URL = ClerkBackendApiAccess.DEFAULT_API_URL;
    /** Clerk's default ({@code clockSkewInMs = 5000}). */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** A key fetch may hold a page load up; longer timeouts would turn an outage into hung requests. */
    public static final Duration MAXIMUM_HTTP_TIMEOUT = Duration.ofSeconds(30);


    /**
     * Validates and normalizes: blank-free secret key of the publishable key's instance type
     * ({@code sk_test_} with {@code pk_test_}), an https API URL (http only on a loopback host, for
     * local stand-ins), authorized parties reduced to their origin form (lower case, no default port).
     *
     * @throws MissingClerkSessionKeyException when neither {@code jwtKey} nor {@code secretKey} is present
     * @throws InvalidClerkSettingException for any other unusable value
     */
    public ClerkSessionSettings {
        Objects.requireNonNull(publishableKey, "publishableKey must not be null");
        Objects.requireNonNull(jwtKey, "jwtKey must not be null (use Optional.empty())");
        Objects.requireNonNull(secretKey, "secretKey must not be null (use Optional.empty())");
        Objects.requireNonNull(apiUrl, "apiUrl must not be null");
        Objects.requireNonNull(authorizedParties, "authorizedParties must not be null");
        Objects.requireNonNull(clockSkew, "clockSkew must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(httpConnectTimeout, "httpConnectTimeout must not be null");
        Objects.requireNonNull(httpRequestTimeout, "httpRequestTimeout must not be null");

        secretKey = secretKey.map(String::strip);
        secretKey.ifPresent(key -> requireSecretKeyOf(publishableKey, key));
        jwtKey.ifPresent(key -> {
            if (key.getModulus().bitLength() < ClerkJwtKeyPem.MINIMUM_RSA_BITS) {
                throw new InvalidClerkSettingException(JWT_KEY_SETTING,
                        "is an RSA key of fewer than " + ClerkJwtKeyPem.MINIMUM_RSA_BITS + " bits");
            }
        });
        if (jwtKey.isEmpty() && secretKey.isEmpty()) {
            throw new MissingClerkSessionKeyException();
        }
        apiUrl = ClerkBackendApiAccess.apiUrl(apiUrl);
        authorizedParties = authorizedParties.stream().map(ClerkSessionSettings::origin).distinct().toList();
        if (clockSkew.isNegative()) {
            throw new InvalidClerkSettingException("clock skew", "must not be negative");
        }
        requireTimeout(httpConnectTimeout, "HTTP connect timeout");
        requireTimeout(httpRequestTimeout, "HTTP request timeout");
    }

    /**
     * A builder with the publishable key set and everything else at its default.
     *
     * @param publishableKey the instance's publishable key
     * @return the builder
     */
    public static Builder builder(ClerkPublishableKey publishableKey) {
        return new Builder(Objects.requireNonNull(publishableKey, "publishableKey must not be null"));
    }

    /**
     * A builder filled from the five settings, read through {@code setting} (e.g. environment
     * variables): {@value #PUBLISHABLE_KEY_SETTING} (required), {@value #SECRET_KEY_SETTING},
     * {@value #JWT_KEY_SETTING}, {@value #API_URL_SETTING} and {@value #AUTHORIZED_PARTIES_SETTING}.
     * Blank values count as unset. Clock, skew and timeouts stay at their defaults unless changed on
     * the builder.
     *
     * @throws InvalidClerkSettingException when the publishable key is missing or invalid, or the
     *     JWT key is not a usable PEM (the other values are checked by {@link Builder#build()})
     * @param setting reads a setting by name; empty when it is not set
     * @return the builder
     */
    public static Builder builderFromSettings(Function<String, Optional<String>> setting) {
        Objects.requireNonNull(setting, "setting must not be null");
        String publishableKey = present(setting.apply(PUBLISHABLE_KEY_SETTING))
                .orElseThrow(() -> new InvalidClerkSettingException(PUBLISHABLE_KEY_SETTING, "is not set"));
        return builder(ClerkPublishableKey.parse(publishableKey))
                .secretKey(setting.apply(SECRET_KEY_SETTING))
                .jwtKey(setting.apply(JWT_KEY_SETTING))
                .apiUrl(setting.apply(API_URL_SETTING))
                .authorizedParties(setting.apply(AUTHORIZED_PARTIES_SETTING));
    }

    /** {@return the {@code iss} every session token of this instance carries} */
    public String issuer() {
        return publishableKey.issuer();
    }

    /** {@return whether tokens are verified with {@link #jwtKey()} rather than keys fetched from the Backend API} */
    public boolean isNetworkless() {
        return jwtKey.isPresent();
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "ClerkSessionSettings[publishableKey=" + publishableKey
                + ", jwtKey=" + (jwtKey.isPresent() ? "(set)" : "(unset)")
                + ", secretKey=" + (secretKey.isPresent() ? "(set)" : "(unset)")
                + ", apiUrl=" + apiUrl
                + ", authorizedParties=" + authorizedParties
                + ", clockSkew=" + clockSkew
                + ", clock=" + clock
                + ", httpConnectTimeout=" + httpConnectTimeout
                + ", httpRequestTimeout=" + httpRequestTimeout + "]";
    }

    /**
     * Splits {@value #AUTHORIZED_PARTIES_SETTING}: comma-separated origins, each trimmed, empty
     * entries dropped.
     */
    static List<String> splitAuthorizedParties(String setting) {
        List<String> parties = new ArrayList<>();
        for (String part : setting.split(",", -1)) {
            if (!part.isBlank()) {
                parties.add(part.strip());
            }
        }
        return parties;
    }

    private static void requireSecretKeyOf(ClerkPublishableKey publishableKey, String secretKey) {
        ClerkBackendApiAccess.secretKey(secretKey);
        InstanceType secretType = secretKey.startsWith("sk_live_") ? InstanceType.PRODUCTION : InstanceType.DEVELOPMENT;
        if (secretType != publishableKey.instanceType()) {
            throw new InvalidClerkSettingException(SECRET_KEY_SETTING, "belongs to a "
                    + secretType.name().toLowerCase(Locale.ROOT) + " instance but " + PUBLISHABLE_KEY_SETTING
                    + " to a " + publishableKey.instanceType().name().toLowerCase(Locale.ROOT)
                    + " one; copy both from the same instance's API keys page");
        }
    }

    /**
     * The origin form of an authorized party, as browsers serialize an {@code Origin} (and Clerk
     * copies it into {@code azp}): lower-case scheme and host, no default port, no path.
     */
    private static String origin(String party) {
        Objects.requireNonNull(party, "authorized party must not be null");
        URI uri;
        try {
            uri = new URI(party.strip());
        } catch (URISyntaxException e) {
            throw notAnOrigin(party);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque() || uri.getHost() == null
                || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw notAnOrigin(party);
        }
        int port = uri.getPort();
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 || defaultPort ? "" : ":" + port);
    }

    private static InvalidClerkSettingException notAnOrigin(String party) {
        // Origins are public (every browser sends them), so naming the entry is safe and helps.
        return new InvalidClerkSettingException(AUTHORIZED_PARTIES_SETTING, "has an entry that is not an origin"
                + " (scheme://host[:port], no path or trailing slash): \"" + party.strip() + "\"");
    }

    private static void requireTimeout(Duration timeout, String what) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAXIMUM_HTTP_TIMEOUT) > 0) {
            throw new InvalidClerkSettingException(what, "must be positive and at most " + MAXIMUM_HTTP_TIMEOUT.toSeconds() + " s");
        }
    }

    private static Optional<String> present(Optional<String> value) {
        Objects.requireNonNull(value, "setting lookups must return Optional.empty(), not null");
        return value.filter(v -> !v.isBlank());
    }

    /** Collects settings; {@link #build()} validates them all at once. */
    public static final class Builder {

        private final ClerkPublishableKey publishableKey;
        private Optional<RSAPublicKey> jwtKey = Optional.empty();
        private Optional<String> secretKey = Optional.empty();
        private URI apiUrl = DEFAULT_API_URL;
        private List<String> authorizedParties = List.of();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();
        private Duration httpConnectTimeout = DEFAULT_HTTP_CONNECT_TIMEOUT;
        private Duration httpRequestTimeout = DEFAULT_HTTP_REQUEST_TIMEOUT;

        private Builder(ClerkPublishableKey publishableKey) {
            this.publishableKey = publishableKey;
        }

        /**
         * {@value #JWT_KEY_SETTING}'s raw value: a PEM with real or {@code \n}-escaped line breaks,
         * or the one-line base64 key; blank means unset.
         *
         * @param pem the raw value; empty when unset
         * @return this builder
         * @throws InvalidClerkSettingException when present but not an RSA public key PEM
         */
        public Builder jwtKey(Optional<String> pem) {
            this.jwtKey = present(pem).map(ClerkJwtKeyPem::parse);
            return this;
        }

        /**
         * Same as {@link #jwtKey(Optional)} with a value.
         *
         * @param pem the raw value
         * @return this builder
         * @throws InvalidClerkSettingException when not blank and not an RSA public key PEM
         */
        public Builder jwtKey(String pem) {
            return jwtKey(Optional.of(pem));
        }

        /**
         * {@value #SECRET_KEY_SETTING}'s raw value; blank means unset (checked by {@link #build()}).
         *
         * @param secretKey the raw value; empty when unset
         * @return this builder
         */
        public Builder secretKey(Optional<String> secretKey) {
            this.secretKey = present(secretKey);
            return this;
        }

        /**
         * Same as {@link #secretKey(Optional)} with a value.
         *
         * @param secretKey the raw value
         * @return this builder
         */
        public Builder secretKey(String secretKey) {
            return secretKey(Optional.of(secretKey));
        }

        /**
         * {@value #API_URL_SETTING}'s raw value; blank or unset means {@code https://api.clerk.com}.
         *
         * @param apiUrl the raw value; empty when unset
         * @return this builder
         * @throws InvalidClerkSettingException when present but not a URL
         */
        public Builder apiUrl(Optional<String> apiUrl) {
            this.apiUrl = present(apiUrl).map(String::strip).map(ClerkBackendApiAccess::apiUrl).orElse(DEFAULT_API_URL);
            return this;
        }

        /**
         * Same as {@link #apiUrl(Optional)} with a value.
         *
         * @param apiUrl the raw value
         * @return this builder
         * @throws InvalidClerkSettingException when not blank and not a URL
         */
        public Builder apiUrl(String apiUrl) {
            return apiUrl(Optional.of(apiUrl));
        }

        /**
         * {@value #AUTHORIZED_PARTIES_SETTING}'s raw value: comma-separated origins; blank means not enforced.
         *
         * @param commaSeparatedOrigins the raw value; empty when unset
         * @return this builder
         */
        public Builder authorizedParties(Optional<String> commaSeparatedOrigins) {
            this.authorizedParties = present(commaSeparatedOrigins).map(ClerkSessionSettings::splitAuthorizedParties)
                    .orElse(List.of());
            return this;
        }

        /**
         * Same as {@link #authorizedParties(Optional)} with a value.
         *
         * @param commaSeparatedOrigins the raw value
         * @return this builder
         */
        public Builder authorizedParties(String commaSeparatedOrigins) {
            return authorizedParties(Optional.of(commaSeparatedOrigins));
        }

        /**
         * The origins allowed in a token's {@code azp}; an empty list means not enforced.
         *
         * @param origins origins such as {@code https://app.example.com} (checked by {@link #build()})
         * @return this builder
         */
        public Builder authorizedParties(List<String> origins) {
            this.authorizedParties = List.copyOf(origins);
            return this;
        }

        /**
         * The leeway for {@code exp}, {@code nbf} and {@code iat}.
         *
         * @param clockSkew not negative (checked by {@link #build()})
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew must not be null");
            return this;
        }

        /**
         * The clock tokens are checked against, for tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Bounds on the Backend API calls (JWKS, handshake nonces).
         *
         * @param connect bound on opening a connection
         * @param request bound on one request and its whole answer
         * @return this builder
         */
        public Builder httpTimeouts(Duration connect, Duration request) {
            this.httpConnectTimeout = Objects.requireNonNull(connect, "connect timeout must not be null");
            this.httpRequestTimeout = Objects.requireNonNull(request, "request timeout must not be null");
            return this;
        }

        /**
         * Validates and builds the settings.
         *
         * @return the settings
         * @throws MissingClerkSessionKeyException when neither key is set
         * @throws InvalidClerkSettingException for any other unusable value
         */
        public ClerkSessionSettings build() {
            return new ClerkSessionSettings(publishableKey, jwtKey, secretKey, apiUrl, authorizedParties, clockSkew,
                    clock, httpConnectTimeout, httpRequestTimeout);
        }
    }
}
