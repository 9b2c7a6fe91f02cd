package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads {@value ClerkSessionSettings#JWT_KEY_SETTING}, the instance's "JWKS Public Key" PEM from the
 * Clerk dashboard, into an RSA public key for networkless verification.
 *
 * <p>Environment variables mangle PEMs in three usual ways, all accepted here: real line breaks
 * (LF or CRLF), the two characters {@code \n} where the breaks were (a {@code .env} line or a CI
 * secret field), and the bare one-line base64 of the key with no header and footer. The body is an
 * X.509 SubjectPublicKeyInfo decoded with {@link X509EncodedKeySpec}; Clerk's JavaScript SDK instead
 * cuts a fixed 2048-bit prefix off the base64, which silently breaks for any other key size and for
 * escaped line breaks.
 */
final class ClerkJwtKeyPem {

    /** Smaller RSA keys are breakable; Clerk's are 2048 bits. */
    static final int MINIMUM_RSA_BITS = 2048;

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private ClerkJwtKeyPem() {
    }

    /**
     * @throws InvalidClerkSettingException naming the setting (never repeating its value) when the
     *     text is not an RSA public key of at least {@value #MINIMUM_RSA_BITS} bits
     */
    static RSAPublicKey parse(String setting) {
        String text = setting.replace("\\r", "\r").replace("\\n", "\n").strip();
        String body;
        if (text.startsWith(BEGIN)) {
            int end = text.indexOf(END);
            if (end < 0 || !text.substring(end + END.length()).isBlank()) {
                throw invalid("has a BEGIN PUBLIC KEY line but no END PUBLIC KEY line at its end");
            }
            body = text.substring(BEGIN.length(), end);
        } else if (text.startsWith("-----BEGIN")) {
            throw invalid("is not a \"BEGIN PUBLIC KEY\" PEM (PKCS#1 \"RSA PUBLIC KEY\" and certificates are not"
                    + " accepted); copy the PEM public key from the Clerk dashboard's API keys page");
        } else {
            body = text;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(removeWhiteSpace(body));
        } catch (IllegalArgumentException e) {
            throw invalid("is not base64 between its PEM header and footer");
        }
        if (der.length == 0) {
            throw invalid("holds no key");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw invalid("is not an RSA public key (X.509 SubjectPublicKeyInfo)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide RSA", e);
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        if (rsa.getModulus().bitLength() < MINIMUM_RSA_BITS) {
            throw invalid("is an RSA key of " + rsa.getModulus().bitLength() + " bits; at least "
                    + MINIMUM_RSA_BITS + " are required");
        }
        return rsa;
    }

    private static String removeWhiteSpace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static InvalidClerkSettingException invalid(String problem) {
        return new InvalidClerkSettingException(ClerkSessionSettings.JWT_KEY_SETTING, problem);
    }
}
