package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees, in a real headless Chromium: the signed-out page with its sign-in button, and
 * the signed-in page with the synced profile. Clerk's own script cannot be reached from here, so the
 * page must also say that sign-in is unavailable rather than break. Screenshots go to
 * {@code target/screenshots}.
 */
class SignInPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final ClerkStandInServiceExtension RUNNING = new ClerkStandInServiceExtension("ins_browser_key");

    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Debian's Chromium and chromedriver, headless, with nothing reaching out to the network on its own. */
    private static ChromeDriver chromium() throws IOException {
        var options = new ChromeOptions()
                .setBinary(new File("/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800",
                        "--user-data-dir=" + Files.createTempDirectory("clerksync-chromium"));
        var driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(driver, options);
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + RUNNING.service().port();
    }

    private static void screenshot(String name) throws IOException {
        var png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOTS.resolve(name))).isGreaterThan(1000);
    }

    private static void awaitClerkStatus(String state) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(page ->
                state.equals(page.findElement(By.id("clerk-status")).getDomAttribute("data-state")));
    }

    @Test
    void aSignedOutVisitorSeesTheSignInButtonAndIsToldSignInIsUnavailableWhenClerkCannotLoad() throws IOException {
        // A development instance sends a browser without its dev-browser token through Clerk's
        // handshake first (not reachable from here); this is a browser that has been there.
        browser.get(baseUrl() + "/clerksync.css");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie("__clerk_db_jwt", "dvb_browser_test"));
        browser.get(baseUrl() + "/");

        awaitClerkStatus("unavailable");
        var button = browser.findElement(By.id("sign-in"));
        assertThat(button.isDisplayed()).isTrue();
        assertThat(button.getText()).isEqualTo("Sign in");
        assertThat(button.isEnabled()).as("no modal to open without Clerk's script").isFalse();
        assertThat(browser.findElement(By.id("clerk-status")).getText()).contains("Sign-in is unavailable right now");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Welcome");
        assertThat(browser.findElements(By.id("profile"))).isEmpty();
        screenshot("signed-out.png");
    }

    @Test
    void aSignedInVisitorSeesTheProfileAsTheServiceStoredIt() throws IOException {
        var userId = SignInEndToEndTest.newUserId();
        var body = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                .primaryEmail("ada+browser@example.com").name("Ada", "Lovelace").toJson();
        RunningServiceExtension.deliver(RUNNING.service().client(), SvixTestSigner.newMessageId(), body).expectStatus().isOk();

        browser.get(baseUrl() + "/clerksync.css");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie("__session", RUNNING.keys().token(userId, "sess_browser").mint()));
        browser.manage().addCookie(new Cookie("__client_uat", Long.toString(Instant.now().getEpochSecond() - 5)));
        browser.manage().addCookie(new Cookie("__clerk_db_jwt", "dvb_browser_test"));
        browser.get(baseUrl() + "/");

        assertThat(browser.findElement(By.cssSelector("#profile h1")).getText()).isEqualTo("Ada Lovelace");
        assertThat(browser.findElement(By.id("profile-email")).getText()).isEqualTo("ada+browser@example.com");
        assertThat(browser.findElement(By.id("profile-id")).getText()).isEqualTo(userId);
        assertThat(browser.findElements(By.id("sign-in"))).isEmpty();
        awaitClerkStatus("unavailable");
        screenshot("signed-in.png");
    }
}
