package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.SessionState;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionReasonCategoryTest {

    private static SessionReasonCategory signedOut(String reason) {
        return SessionReasonCategory.of(new SessionState.SignedOut(reason));
    }

    private static SessionReasonCategory handshake(String reason) {
        return SessionReasonCategory.of(new SessionState.Handshake(URI.create("https://clerk.example.com/v1/client/handshake"),
                List.of(), reason));
    }

    @Test
    void anAnonymousVisitorHasNoSession() {
        assertThat(signedOut("session-token-and-uat-missing")).isEqualTo(SessionReasonCategory.NO_SESSION);
    }

    @Test
    void whatAFreshTokenWouldCureNeedsARefreshWhetherRedirectedOrSignedOut() {
        assertThat(handshake("session-token-expired-refresh-non-eligible-no-refresh-cookie")).isEqualTo(SessionReasonCategory.NEEDS_REFRESH);
        assertThat(signedOut("session-token-expired-refresh-non-eligible-non-get")).isEqualTo(SessionReasonCategory.NEEDS_REFRESH);
        assertThat(handshake("dev-browser-missing")).isEqualTo(SessionReasonCategory.NEEDS_REFRESH);
        assertThat(signedOut("session-token-iat-before-client-uat")).isEqualTo(SessionReasonCategory.NEEDS_REFRESH);
        assertThat(signedOut("token-expired")).isEqualTo(SessionReasonCategory.NEEDS_REFRESH);
    }

    @Test
    void tokensThatCanNeverPassAreRejected() {
        for (var reason : List.of("token-invalid", "token-invalid-signature", "token-invalid-algorithm", "jwk-kid-mismatch",
                "token-type-mismatch", "token-invalid-authorized-parties", "token-verification-failed")) {
            assertThat(signedOut(reason)).as(reason).isEqualTo(SessionReasonCategory.TOKEN_REJECTED);
        }
    }

    @Test
    void handshakesThatWentWrongAreFailedHandshakesAndTheResolvedOneIsNot() {
        assertThat(signedOut("handshake-redirect-loop:session-token-expired-refresh-missing-api-client"))
                .isEqualTo(SessionReasonCategory.HANDSHAKE_FAILED);
        assertThat(signedOut("handshake-unresolved:dev-browser-missing")).isEqualTo(SessionReasonCategory.HANDSHAKE_FAILED);
        assertThat(handshake("handshake-invalid")).isEqualTo(SessionReasonCategory.HANDSHAKE_FAILED);
        assertThat(handshake("handshake-resolved")).isEqualTo(SessionReasonCategory.HANDSHAKE_RESOLVED);
    }

    @Test
    void aSignedInUserHasNoReasonAndUnknownReasonsAreOther() {
        assertThat(SessionReasonCategory.of(new SessionState.SignedIn(new ClerkUserId("user_1"), "sess_1", Optional.empty())))
                .isEqualTo(SessionReasonCategory.NONE);
        assertThat(SessionReasonCategory.NONE.tag()).isEqualTo("-");
        assertThat(signedOut("session-pending").tag()).isEqualTo("session_pending");
        assertThat(signedOut("clerk-not-configured")).isEqualTo(SessionReasonCategory.OTHER);
    }
}
