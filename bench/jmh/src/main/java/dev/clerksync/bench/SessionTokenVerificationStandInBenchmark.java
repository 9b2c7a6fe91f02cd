package dev.clerksync.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * STAND-IN BASELINE for "session-token verification with a cached key" (issue #5 target: >= 20,000
 * verifications per second on one core).
 *
 * <p>The real verifier, {@code dev.clerksync.adapter.clerk.session.ClerkSessionTokenVerifier}, is
 * being written on another branch and is not on this one. Until it is merged, this measures what any
 * Nimbus-based verifier of a Clerk session token must at least do: parse the compact JWS, check
 * {@code alg}/{@code kid}, verify RS256 with the instance's key (cached: the JWKS is fetched once),
 * and check {@code iss}, {@code azp}, {@code exp}/{@code nbf}/{@code iat} with 5 s of skew and
 * {@code sub}/{@code sid}.
 *
 * <p><b>After merging the session branch</b>: add a {@code realVerifier} benchmark next to these
 * that calls {@code ClerkSessionTokenVerifier} with the same token, key and issuer (a cached key, no
 * network), keep these two as the reference, and make the README's figure the real one.
 *
 * <p>The token is Clerk-shaped: header {@code {alg:RS256, kid:ins_..., typ:JWT, cat:cl_...}} and the
 * v2 claims of {@code derivedTokens.v2WithOrg} in {@code fixtures/clerk/session-jwt-vectors.json}
 * (organisation, features, factor age), re-signed at set-up with that file's TEST-ONLY key with
 * fresh times, so that Nimbus's own clock checks pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionTokenVerificationStandInBenchmark {

    private static final long SKEW_SECONDS = 5;

    private String token;
    private String issuer;
    private String authorizedParty;
    private String kid;
    private JWSVerifier cachedVerifier;
    private DefaultJWTProcessor<SecurityContext> processor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JsonNode vectors = JsonMapper.builder().build().readTree(ClerkFixtures.read("clerk/session-jwt-vectors.json"));
        issuer = vectors.path("expectedIssuer").stringValue();
        authorizedParty = vectors.path("authorizedParty").stringValue();
        kid = vectors.path("kid").stringValue();
        RSAKey publicKey = JWKSet.parse(vectors.path("jwks").toString()).getKeyByKeyId(kid).toRSAKey();

        SignedJWT shape = SignedJWT.parse(vectors.path("derivedTokens").path("v2WithOrg").path("jwt").stringValue());
        long now = Instant.now().getEpochSecond();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(shape.getJWTClaimsSet())
                .issueTime(new Date(now * 1000))
                .notBeforeTime(new Date((now - 10) * 1000))
                .expirationTime(new Date((now + 3600) * 1000))
                .build();
        SignedJWT fresh = new SignedJWT(new JWSHeader.Builder(shape.getHeader()).build(), claims);
        fresh.sign(new RSASSASigner(privateKey(vectors.path("privateKeyPemTestOnly").stringValue())));
        token = fresh.serialize();

        cachedVerifier = new RSASSAVerifier(publicKey);

        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(publicKey))));
        var claimsVerifier = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "sid", "exp", "iat", "nbf"));
        claimsVerifier.setMaxClockSkew((int) SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claimsVerifier);

        // Both benchmarks must accept the token, or they measure a failure path.
        if (!subject(handRolled()).startsWith("user_") || !processor.process(token, null).getSubject().startsWith("user_")) {
            throw new IllegalStateException("the stand-in verifiers reject the token");
        }
    }

    /** Nimbus primitives with a cached {@link RSASSAVerifier}, checks written out as a verifier would. */
    @Benchmark
    public JWTClaimsSet handRolled() throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || !kid.equals(header.getKeyID())
                || (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType()))) {
            throw new IllegalStateException("unexpected header");
        }
        if (!jwt.verify(cachedVerifier)) {
            throw new IllegalStateException("bad signature");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        long now = System.currentTimeMillis() / 1000;
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        if (!issuer.equals(claims.getIssuer())
                || exp == null || exp.getTime() / 1000 + SKEW_SECONDS <= now
                || (nbf != null && nbf.getTime() / 1000 - SKEW_SECONDS > now)
                || (iat != null && iat.getTime() / 1000 - SKEW_SECONDS > now)
                || !authorizedParty.equals(claims.getClaim("azp"))
                || claims.getSubject() == null || claims.getClaim("sid") == null) {
            throw new IllegalStateException("claims rejected");
        }
        return claims;
    }

    /** Nimbus's {@link DefaultJWTProcessor} over an in-memory JWK set (key cached, verifier made per call). */
    @Benchmark
    public JWTClaimsSet nimbusProcessor() throws ParseException, BadJOSEException, JOSEException {
        return processor.process(token, null);
    }

    private static String subject(JWTClaimsSet claims) {
        return claims.getSubject();
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
    }
}
