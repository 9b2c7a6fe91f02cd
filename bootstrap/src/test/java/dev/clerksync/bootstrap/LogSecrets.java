package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import java.util.Collection;
import java.util.regex.Pattern;

/** What must never be written to a log: secrets, tokens, signatures, payloads and personal data. */
final class LogSecrets {

    /** A JWT's header and the dot after it: every session token starts so. */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private LogSecrets() {
    }

    /**
     * Fails if the log holds the test signing secret (whole, or its key part), a Clerk secret key,
     * a JWT, a raw Clerk payload, or any of {@code personalValues} (the addresses and names that
     * were delivered, a database password, the tokens that were sent).
     */
    static void assertNoSecretsOrPayloadsIn(String log, Collection<String> personalValues) {
        assertThat(log).as("log size (the capture must have seen the run)").isNotEmpty();
        assertThat(log).doesNotContain(SvixTestSigner.TEST_SECRET,
                SvixTestSigner.TEST_SECRET.substring("whsec_".length()),
                ClerkBackendApiStandIn.SECRET_KEY, "sk_test_", "sk_live_",
                "\"email_addresses\"", "\"primary_email_address_id\"", "\"first_name\"");
        assertThat(JWT.matcher(log).results().map(match -> match.group()).toList()).as("JWTs in the log").isEmpty();
        for (var value : personalValues) {
            assertThat(log).as("the log must not contain a delivered value").doesNotContain(value);
        }
    }
}
