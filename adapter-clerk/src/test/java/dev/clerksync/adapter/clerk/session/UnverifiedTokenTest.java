package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clerksync.adapter.clerk.ClerkPublishableKey;
import dev.clerksync.adapter.clerk.session.UnverifiedToken.MalformedTokenException;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnverifiedTokenTest {

    static final SessionTokens TOKENS = SessionTokens.generate(
            ClerkPublishableKey.parse("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA"));

    @Test
    void manyDifferentHeadersEachDecodeToTheirOwnKidBeyondTheHeaderCache() {
        for (int i = 0; i < 100; i++) {
            String token = TOKENS.token("user_a", "sess_a").keyId("kid_" + i).mint();

            assertThat(UnverifiedToken.decode(token).keyId()).contains("kid_" + i);
            assertThat(UnverifiedToken.decode(token).keyId()).contains("kid_" + i);
        }
    }

    @Test
    void theSigningInputIsTheHeaderAndPayloadText() {
        String token = TOKENS.token("user_a", "sess_a").mint();

        assertThat(new String(UnverifiedToken.decode(token).signingInput(), StandardCharsets.US_ASCII))
                .isEqualTo(token.substring(0, token.lastIndexOf('.')));
    }

    @Test
    void numericClaimsReadAsWholeSecondsAndOtherTypesAsAbsent() {
        var token = UnverifiedToken.decode(TOKENS.token("user_a", "sess_a").claim("exp", 12.9).claim("nbf", "1").mint());

        assertThat(token.seconds("exp")).contains(12L);
        assertThat(token.seconds("nbf")).isEmpty();
        assertThat(token.seconds("missing")).isEmpty();
    }

    @Test
    void anUnsignedTokenDecodesButHasNoJwsHeader() {
        var token = UnverifiedToken.decode(TOKENS.token("user_a", "sess_a").unsigned().mint());

        assertThat(token.jwsHeader()).isEmpty();
        assertThat(token.keyId()).isEmpty();
    }

    @Test
    void aPayloadThatIsJsonButNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> UnverifiedToken.decode("eyJhbGciOiJSUzI1NiJ9.WzFd.c2ln"))
                .isInstanceOf(MalformedTokenException.class);
    }
}
