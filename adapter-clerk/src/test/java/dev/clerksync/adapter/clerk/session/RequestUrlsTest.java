package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestUrlsTest {

    @Test
    void queryParametersAreFormDecodedAndTheFirstOfARepeatedNameWins() {
        var parameters = RequestUrls.queryParameters("a=x+y&b=%2F&a=second&flag&bad=%zz&=empty");

        assertThat(parameters).containsEntry("a", "x y").containsEntry("b", "/").containsEntry("flag", "")
                .doesNotContainKey("bad");
    }

    @Test
    void namedParametersAreRemovedAndEverythingElseKeptByteForByte() {
        var url = URI.create("https://app.example.com/p%20q/page?x=a%20b&__clerk_db_jwt=dvb_1&y=1+2&__dev_session=z");

        assertThat(RequestUrls.withoutQueryParameters(url, Set.of("__clerk_db_jwt", "__dev_session")))
                .isEqualTo("https://app.example.com/p%20q/page?x=a%20b&y=1+2");
    }

    @Test
    void anEncodedNameIsRecognisedToo() {
        var url = URI.create("https://app.example.com/?%5F%5Fclerk_db_jwt=dvb_1&keep=1");

        assertThat(RequestUrls.withoutQueryParameters(url, Set.of("__clerk_db_jwt"))).isEqualTo("https://app.example.com/?keep=1");
    }

    @Test
    void noQuestionMarkIsLeftWhenNothingRemainsAndTheFragmentIsDropped() {
        assertThat(RequestUrls.withoutQueryParameters(URI.create("https://app.example.com/a?__clerk_db_jwt=x#top"),
                Set.of("__clerk_db_jwt"))).isEqualTo("https://app.example.com/a");
        assertThat(RequestUrls.withoutQueryParameters(URI.create("https://app.example.com/a"), Set.of("x")))
                .isEqualTo("https://app.example.com/a");
    }
}
