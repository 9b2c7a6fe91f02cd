package dev.clerksync.adapter.clerk.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestCookiesTest {

    static RequestCookies cookies(String... headers) {
        return RequestCookies.parse(List.of(headers));
    }

    @Test
    void pairsAreSeparatedBySemicolonsAndTrimmed() {
        var cookies = cookies(" a = 1 ;b=2;  c=3  ");

        assertThat(cookies.get("a")).contains("1");
        assertThat(cookies.get("b")).contains("2");
        assertThat(cookies.get("c")).contains("3");
        assertThat(cookies.get(" a ")).isEmpty();
    }

    @Test
    void aValueIsSplitFromItsNameAtTheFirstEqualsSign() {
        assertThat(cookies("__session=abc==; x=y").get("__session")).contains("abc==");
        assertThat(cookies("k=a=b=c").get("k")).contains("a=b=c");
    }

    @Test
    void aQuotedValueIsUnquoted() {
        assertThat(cookies("__session=\"eyJ.eyJ.sig\"; b=2").get("__session")).contains("eyJ.eyJ.sig");
        assertThat(cookies("a=\"\"").get("a")).isEmpty();
    }

    @Test
    void aSemicolonEndsAValueEvenInsideQuotesButAPercentEncodedOneIsDecoded() {
        var cookies = cookies("a=\"x;y\"; b=2; c=x%3By");

        assertThat(cookies.get("a")).contains("\"x");
        assertThat(cookies.get("b")).contains("2");
        assertThat(cookies.get("c")).contains("x;y");
    }

    @Test
    void theFirstOfARepeatedNameWinsAlsoAcrossHeaders() {
        assertThat(cookies("a=1; a=2").get("a")).contains("1");
        assertThat(cookies("a=1", "a=2; b=3").get("a")).contains("1");
        assertThat(cookies("a=1", "a=2; b=3").get("b")).contains("3");
    }

    @Test
    void pairsWithoutEqualsSignAndEmptyNamesAreSkipped() {
        var cookies = cookies("flag; a=1; =orphan; b");

        assertThat(cookies.get("a")).contains("1");
        assertThat(cookies.get("flag")).isEmpty();
        assertThat(cookies.get("")).isEmpty();
    }

    @Test
    void anEmptyValueCountsAsAbsent() {
        assertThat(cookies("__session=; __client_uat=0").get("__session")).isEmpty();
        assertThat(cookies("__session=; __client_uat=0").get("__client_uat")).contains("0");
    }

    @Test
    void percentEscapesAreDecodedAsUtf8AndLeftAloneWhenInvalid() {
        assertThat(cookies("a=%C3%A9t%C3%A9").get("a")).contains("été");
        assertThat(cookies("a=x+y").get("a")).contains("x+y");
        assertThat(cookies("a=%zz").get("a")).contains("%zz");
        assertThat(cookies("a=%ff").get("a")).contains("%ff");
        assertThat(cookies("a=50%").get("a")).contains("50%");
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(cookies("__Session=1").get("__session")).isEmpty();
    }

    @Test
    void noCookieHeaderMeansNoCookies() {
        assertThat(cookies().get("__session")).isEmpty();
    }
}
