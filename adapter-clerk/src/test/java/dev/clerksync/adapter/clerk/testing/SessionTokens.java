package dev.clerksync.adapter.clerk.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints Clerk-shaped session tokens for tests: an RSA key pair with a {@code kid}, its public key as
 * a PEM (for {@code CLERK_JWT_KEY}) and as JWKS JSON (for a {@link JwksStandIn}), and tokens for a
 * publishable key's issuer whose every claim and header can be overridden.
 *
 * <pre>{@code
 * SessionTokens tokens = SessionTokens.generate(ClerkPublishableKey.parse("pk_test_..."));
 * String token = tokens.token("user_123", "sess_456").authorizedParty("http://localhost:8080").mint();
 * String expired = tokens.token("user_123", "sess_456").expiresAt(Instant.now().minusSeconds(60)).mint();
 * }</pre>
 *
 * Defaults follow a current Clerk v2 session token: header {@code alg RS256}, {@code typ JWT},
 * {@code kid}, {@code cat cl_B7d4PD111AAA}; claims {@code iss}, {@code sub}, {@code sid},
 * {@code azp} ({@value #DEFAULT_AUTHORIZED_PARTY}), {@code iat} = now, {@code nbf} = now - 10 s,
 * {@code exp} = now + 60 s, {@code v} 2, {@code jti}. "Now" is the clock's (see {@link #withClock}).
 */
public final class SessionTokens {

    public static final String DEFAULT_AUTHORIZED_PARTY = "http://localhost:8080";
    public static final String SESSION_CATEGORY = "cl_B7d4PD111AAA";
    public static final String JWT_TEMPLATE_CATEGORY = "cl_B7d4PD222AAA";
    public static final String M2M_CATEGORY = "cl_B7d4PD333AAA";

    private final ClerkPublishableKey publishableKey;
    private final RSAKey key;
    private final Clock clock;

    private SessionTokens(ClerkPublishableKey publishableKey, RSAKey key, Clock clock) {
        this.publishableKey = Objects.requireNonNull(publishableKey, "publishableKey must not be null");
        this.key = key;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** A fresh 2048-bit key pair with a random {@code kid} ({@code ins_test_...}). */
    public static SessionTokens generate(ClerkPublishableKey publishableKey) {
        return generate(publishableKey, "ins_test_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** A fresh 2048-bit key pair with this {@code kid}. */
    public static SessionTokens generate(ClerkPublishableKey publishableKey, String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new SessionTokens(publishableKey, rsaKey((RSAPublicKey) pair.getPublic(),
                    (RSAPrivateKey) pair.getPrivate(), kid), Clock.systemUTC());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide RSA", e);
        }
    }

    /**
     * The test-only key pair of {@code session-jwt-vectors.json} (the one Clerk's own fixtures are
     * signed with), its {@code kid}, and its development publishable key.
     */
    public static SessionTokens fromVectors() {
        var vectors = ClerkFixtures.tree(ClerkFixtures.SESSION_JWT_VECTORS);
        try {
            String pem = vectors.required("privateKeyPemTestOnly").stringValue();
            String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            var publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new SessionTokens(ClerkPublishableKey.parse(vectors.required("publishableKeyTest").stringValue()),
                    rsaKey(publicKey, privateKey, vectors.required("kid").stringValue()), Clock.systemUTC());
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the fixture's private key does not load", e);
        }
    }

    /** The same key, with "now" taken from this clock. */
    public SessionTokens withClock(Clock clock) {
        return new SessionTokens(publishableKey, key, clock);
    }

    public ClerkPublishableKey publishableKey() {
        return publishableKey;
    }

    public String kid() {
        return key.getKeyID();
    }

    /** The public key as a {@code -----BEGIN PUBLIC KEY-----} PEM with line breaks, as the Clerk dashboard shows it. */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWK ({@code kty}, {@code kid}, {@code use sig}, {@code alg RS256}, {@code n}, {@code e}). */
    public RSAKey publicJwk() {
        return key.toPublicJWK();
    }

    /** {@code {"keys":[<the public JWK>]}}, what {@code GET /v1/jwks} returns. */
    public String jwksJson() {
        return new JWKSet(publicJwk()).toString(true);
    }

    /** The JWKS JSON of several key sets' public keys, e.g. during a key rotation. */
    public static String jwksJsonOf(SessionTokens... keys) {
        return new JWKSet(Arrays.stream(keys).map(k -> (JWK) k.publicJwk()).toList())
                .toString(true);
    }

    /** A token for this user and session with every default; change it before {@link Token#mint()}. */
    public Token token(String userId, String sessionId) {
        return new Token(userId, sessionId);
    }

    /**
     * A handshake token as Clerk's Frontend API mints it (the older, self-contained handshake
     * result): the session-token header ({@code alg}, {@code kid}, {@code typ}, {@code cat}) and a
     * payload of just {@code handshake}, the {@code Set-Cookie} directives. Change it before
     * {@link Token#mint()} like any token (e.g. {@link Token#unsigned()}).
     */
    public Token handshake(List<String> directives) {
        Token token = new Token("", "");
        token.claims.clear();
        token.claims.put("handshake", List.copyOf(directives));
        return token;
    }

    private static RSAKey rsaKey(RSAPublicKey publicKey, RSAPrivateKey privateKey, String kid) {
        return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).build();
    }

    /** One token being put together. Each setter returns this builder. */
    public final class Token {

        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> header = new LinkedHashMap<>();
        private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
        private Signing signing = Signing.KEY;

        private Token(String userId, String sessionId) {
            long now = clock.instant().getEpochSecond();
            header.put("kid", key.getKeyID());
            header.put("typ", "JWT");
            header.put("cat", SESSION_CATEGORY);
            claims.put("azp", DEFAULT_AUTHORIZED_PARTY);
            claims.put("exp", now + 60);
            claims.put("fva", List.of(0, -1));
            claims.put("iat", now);
            claims.put("iss", publishableKey.issuer());
            claims.put("jti", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
            claims.put("nbf", now - 10);
            claims.put("sid", sessionId);
            claims.put("sub", userId);
            claims.put("v", 2);
        }

        /** Sets {@code iat} and moves {@code nbf} (iat - 10 s) and {@code exp} (iat + 60 s) along. */
        public Token issuedAt(Instant iat) {
            long seconds = iat.getEpochSecond();
            claims.put("iat", seconds);
            claims.put("nbf", seconds - 10);
            claims.put("exp", seconds + 60);
            return this;
        }

        public Token expiresAt(Instant exp) {
            return claim("exp", exp.getEpochSecond());
        }

        public Token notBefore(Instant nbf) {
            return claim("nbf", nbf.getEpochSecond());
        }

        public Token authorizedParty(String azp) {
            return claim("azp", azp);
        }

        public Token withoutAuthorizedParty() {
            return withoutClaim("azp");
        }

        public Token issuer(String iss) {
            return claim("iss", iss);
        }

        /** {@code sts}, e.g. {@code "pending"} or {@code "active"}. */
        public Token status(String sts) {
            return claim("sts", sts);
        }

        /**
         * A v2 active organization: {@code o: {id, slg, rol, per, fpm}} and {@code fea}; pass
         * {@code Optional.empty()} to leave {@code per}/{@code fpm} out.
         */
        public Token organization(String id, String slug, String role, Optional<String> per, Optional<String> fpm,
                String fea) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", id);
            o.put("slg", slug);
            o.put("rol", role);
            per.ifPresent(p -> o.put("per", p));
            fpm.ifPresent(f -> o.put("fpm", f));
            claims.put("v", 2);
            claims.put("fea", fea);
            return claim("o", o);
        }

        /** Any claim, e.g. {@code claim("exp", "soon")} for a wrong type. */
        public Token claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Token withoutClaim(String name) {
            claims.remove(name);
            return this;
        }

        /** The {@code cat} header, e.g. {@link #JWT_TEMPLATE_CATEGORY}. */
        public Token category(String cat) {
            return header("cat", cat);
        }

        public Token withoutCategory() {
            return withoutHeader("cat");
        }

        public Token type(String typ) {
            return header("typ", typ);
        }

        public Token keyId(String kid) {
            return header("kid", kid);
        }

        /** Any header parameter but {@code alg} (see {@link #algorithm}). */
        public Token header(String name, Object value) {
            header.put(name, value);
            return this;
        }

        public Token withoutHeader(String name) {
            header.remove(name);
            return this;
        }

        /** RS256 (default), RS384 or RS512 with the key pair; PS256 and the like work too. */
        public Token algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm;
            this.signing = Signing.KEY;
            return this;
        }

        /** {@code alg: none} and an empty signature. */
        public Token unsigned() {
            this.signing = Signing.NONE;
            return this;
        }

        /** HS256 keyed with the public key's PEM text: the classic algorithm-confusion forgery. */
        public Token hmacWithPublicKeyPem() {
            this.signing = Signing.HMAC_WITH_PUBLIC_PEM;
            return this;
        }

        /** The compact token. */
        public String mint() {
            Map<String, Object> headerJson = new LinkedHashMap<>();
            headerJson.put("alg", switch (signing) {
                case KEY -> algorithm.getName();
                case NONE -> "none";
                case HMAC_WITH_PUBLIC_PEM -> "HS256";
            });
            headerJson.putAll(header);
            String signingInput = Base64URL.encode(JSONObjectUtils.toJSONString(headerJson)) + "."
                    + Base64URL.encode(JSONObjectUtils.toJSONString(claims));
            return signingInput + "." + signature(signingInput, headerJson);
        }

        private String signature(String signingInput, Map<String, Object> headerJson) {
            byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
            try {
                return switch (signing) {
                    case NONE -> "";
                    case KEY -> new RSASSASigner(key).sign(jwsHeader(headerJson), input).toString();
                    case HMAC_WITH_PUBLIC_PEM -> new MACSigner(publicKeyPem().getBytes(StandardCharsets.US_ASCII))
                            .sign(jwsHeader(headerJson), input).toString();
                };
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign the test token", e);
            }
        }

        private static JWSHeader jwsHeader(Map<String, Object> headerJson) {
            try {
                return JWSHeader.parse(headerJson);
            } catch (ParseException e) {
                // Headers a test made deliberately odd (e.g. a numeric typ): sign with a plain one.
                return new JWSHeader.Builder(JWSAlgorithm.parse((String) headerJson.get("alg"))).type(JOSEObjectType.JWT).build();
            }
        }
    }

    private enum Signing { KEY, NONE, HMAC_WITH_PUBLIC_PEM }
}
