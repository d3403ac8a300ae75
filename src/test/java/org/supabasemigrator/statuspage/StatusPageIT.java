package org.supabasemigrator.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.ServiceProcess;

/**
 * The status page at {@code /}, driven in a real headless Chromium against the packaged service as a process: an
 * operator enters the token (a wrong one is refused), starts a full run and watches every table's progress bar
 * fill up, sees the dead letter with its reason, replays it, starts a second run (refused with 409 while one is
 * active), stops it and resumes it, all from the page.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them); the paths can be
 * changed with {@code -Dstatuspage.chromium=...} and {@code -Dstatuspage.chromedriver=...}. Selenium Manager is never
 * used: the driver is named explicitly, so nothing is downloaded. The page as an operator sees it mid-run on a
 * laptop (1366x768) is saved as {@code target/it-logs/status-page.png}; with {@code -Dstatuspage.screenshot.update=true}
 * also as the README's {@code docs/status-page.png}.
 */
class StatusPageIT {

    static final Path CHROMIUM = Path.of(System.getProperty("statuspage.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("statuspage.chromedriver", "/usr/bin/chromedriver"));
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    static final Set<String> ENDED_WELL = Set.of("SUCCEEDED", "INCOMPLETE");
    static final String POISON = "3";

    @Test
    void anOperatorRunsAWholeMigrationFromThePage(TestInfo test) throws Exception {
        requireBrowser();
        String name = test.getTestMethod().orElseThrow().getName();
        try (MigrationFixture f = new MigrationFixture(name, 6000, 40);
                ServiceProcess service = f.startService("only", Map.of());
                Browser browser = Browser.start(Path.of("target", "it-logs", name + "-chromedriver.log"))) {
            WebDriver page = browser.driver;
            page.get(service.baseUrl() + "/");

            // the page's files carry no secret, and it asks for the token first
            for (String file : List.of("/", "/app.js", "/style.css")) {
                assertThat(get(service.baseUrl() + file)).doesNotContain(MigrationFixture.TOKEN)
                        .doesNotContain(MigrationFixture.KEY);
            }
            await(page, p -> visible(p, "login"));
            assertThat(activeId(page)).as("the token field has the focus").isEqualTo("token");

            // a wrong token is refused with a message, and the operator is back in the token field
            type(page, "wrong-" + MigrationFixture.TOKEN);
            await(page, p -> text(p, "login-message").contains("refused"));
            assertThat(text(page, "login-message")).contains("401");
            assertThat(visible(page, "app")).isFalse();
            assertThat(activeId(page)).isEqualTo("token");
            assertThat(sessionToken(page)).isNull();

            // the right token, entered by keyboard: the page opens, the token is in session storage only
            type(page, MigrationFixture.TOKEN);
            await(page, p -> visible(p, "app") && visible(p, "no-run"));
            assertThat(sessionToken(page)).isEqualTo(MigrationFixture.TOKEN);
            assertThat(page.getCurrentUrl()).doesNotContain(MigrationFixture.TOKEN);
            assertThat(page.findElement(By.id("token")).getDomProperty("value")).isEmpty();

            // start a full run of every table and watch it move
            page.findElement(By.id("start-run")).click();
            await(page, p -> text(p, "action-message").contains("Run #1 started"));
            await(page, p -> text(p, "run-title").startsWith("Run #1"));
            boolean sawMidway = false;
            boolean screenshotTaken = false;
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            // the state is read once a round: the run may end between two reads
            for (String state = runState(page); !ENDED_WELL.contains(state) && System.nanoTime() < deadline;
                    state = runState(page)) {
                assertThat(state).as(text(page, "run-error")).isIn("PENDING", "RUNNING");
                Double clients = progress(page).get("clients");
                if (clients != null && clients > 0 && clients < 100 && "RUNNING".equals(state)) {
                    sawMidway = true;
                    if (!screenshotTaken && clients >= 20 && clients < 95) {
                        await(page, p -> !text(p, "run-eta").isBlank() || ENDED_WELL.contains(runState(p)));
                        screenshot(page);
                        screenshotTaken = true;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(runState(page)).as(text(page, "run-error")).isIn(ENDED_WELL);
            assertThat(sawMidway).as("the clients progress bar was seen partly filled while the run moved").isTrue();
            if (!screenshotTaken) {
                screenshot(page);
            }
            assertThat(text(page, "run-title")).isEqualTo("Run #1 (latest)");
            Map<String, Double> bars = progress(page);
            assertThat(bars.keySet()).containsExactlyElementsOf(MigrationFixture.TABLES.keySet());
            for (WebElement bar : page.findElements(By.cssSelector("#tables tbody progress"))) {
                assertThat(bar.getDomProperty("value")).as(bar.getAccessibleName()).isEqualTo(bar.getDomProperty("max"));
                assertThat(bar.getAccessibleName()).endsWith(" progress");
            }
            List<String> clients = cells(page, "#tables", "clients");
            assertThat(clients.get(3)).as("source rows").isEqualTo("8,503");
            assertThat(clients.get(5)).as("written").isEqualTo("8,502");
            assertThat(clients.get(6)).as("dead-lettered").isEqualTo("1");

            // the dead letter, with its reason
            await(page, p -> text(p, "dead-letter-list").contains("visit_count_not_negative"));
            List<String> letter = firstRow(page, "#dead-letter-list");
            assertThat(letter.get(2)).isEqualTo("clients");
            assertThat(letter.get(3)).isEqualTo("id = 3");
            assertThat(letter.get(4)).startsWith("23514").contains("visit_count_not_negative");
            assertThat(text(page, "dl-summary")).startsWith("1 dead letter of run #1");

            // replaying it while the constraint still refuses the row keeps it, with its reason
            page.findElement(By.id("replay")).click();
            await(page, p -> text(p, "action-message").startsWith("Replay:"));
            assertThat(text(page, "action-message")).contains("0 written").contains("1 still refused");

            // a second run, long enough to stop: refused while active (409 names the run), stopped, resumed
            page.findElement(By.id("start-run")).click();
            await(page, p -> text(p, "action-message").contains("Run #2 started"));
            await(page, p -> text(p, "run-title").startsWith("Run #2") && "RUNNING".equals(runState(p)));
            page.findElement(By.id("start-run")).click();
            await(page, p -> text(p, "action-message").contains("409"));
            assertThat(text(page, "action-message")).contains("run 2 is active");

            WebElement stop = page.findElement(By.id("stop"));
            await(page, p -> stop.isEnabled());
            stop.click();
            await(page, p -> "STOPPED".equals(runState(p)));
            assertThat(text(page, "run-error")).contains("operator");
            assertThat(firstRow(page, "#runs")).startsWith("#2", "full", "STOPPED");
            assertThat(text(page, "runs")).contains("#1");
            assertThat(page.findElement(By.id("stop")).isEnabled()).isFalse();

            WebElement resume = page.findElement(By.id("resume"));
            await(page, p -> resume.isEnabled());
            resume.click();
            await(page, p -> text(p, "action-message").contains("Run #2 resumed"));
            new WebDriverWait(page, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class)
                    .until(p -> ENDED_WELL.contains(runState(p)));
            assertThat(text(page, "run-title")).isEqualTo("Run #2 (latest)");
            for (WebElement bar : page.findElements(By.cssSelector("#tables tbody progress"))) {
                assertThat(bar.getDomProperty("value")).isEqualTo(bar.getDomProperty("max"));
            }

            browser.fullPage(Path.of("target", "it-logs", "status-page-end.png"));
            assertThat(page.getCurrentUrl()).doesNotContain(MigrationFixture.TOKEN);
            assertThat(page.getPageSource()).doesNotContain(MigrationFixture.TOKEN);
            assertThat(browser.consoleErrors()).as("no script error and no Content-Security-Policy violation").isEmpty();
            assertThat(service.output()).doesNotContain(MigrationFixture.TOKEN);
            assertThat(f.differences(Set.of(POISON))).isEmpty();
        }
    }

    // ---- page helpers -------------------------------------------------------------------------------------------

    static void await(WebDriver page, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Types into the token field and presses Enter, as an operator at the keyboard. */
    static void type(WebDriver page, String token) {
        WebElement field = page.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText();
    }

    static boolean visible(WebDriver page, String id) {
        return page.findElement(By.id(id)).isDisplayed();
    }

    static String activeId(WebDriver page) {
        return page.switchTo().activeElement().getAttribute("id");
    }

    static String runState(WebDriver page) {
        return text(page, "run-state");
    }

    static Object sessionToken(WebDriver page) {
        return ((JavascriptExecutor) page).executeScript("return sessionStorage.getItem('supabase-migrator.control-token')");
    }

    /** Each table's progress bar value (0..100), by table name. */
    static Map<String, Double> progress(WebDriver page) {
        Map<String, Double> bars = new java.util.LinkedHashMap<>();
        for (WebElement row : page.findElements(By.cssSelector("#tables tbody tr"))) {
            String table = row.findElement(By.tagName("th")).getText();
            String value = row.findElement(By.tagName("progress")).getDomProperty("value");
            bars.put(table, value == null ? null : Double.valueOf(value));
        }
        return bars;
    }

    /** The cells of the row whose header cell is {@code key}. */
    static List<String> cells(WebDriver page, String table, String key) {
        for (WebElement row : page.findElements(By.cssSelector(table + " tbody tr"))) {
            if (row.findElement(By.tagName("th")).getText().equals(key)) {
                return texts(row);
            }
        }
        throw new AssertionError("no row " + key + " in " + table);
    }

    static List<String> firstRow(WebDriver page, String table) {
        return texts(page.findElement(By.cssSelector(table + " tbody tr")));
    }

    static List<String> texts(WebElement row) {
        List<String> texts = new ArrayList<>();
        for (WebElement cell : row.findElements(By.cssSelector("th, td"))) {
            texts.add(cell.getText().trim());
        }
        return texts;
    }

    static void screenshot(WebDriver page) throws IOException {
        byte[] png = ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "it-logs", "status-page.png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        if (Boolean.getBoolean("statuspage.screenshot.update")) {
            Files.createDirectories(Path.of("docs"));
            Files.write(Path.of("docs", "status-page.png"), png);
        }
    }

    static String get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(url + " CSP").isPresent();
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void requireBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("StatusPageIT needs a headless Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": install Debian's packages (apt-get install chromium chromium-driver, as .ci/run"
                    + " does) or name them with -Dstatuspage.chromium=... -Dstatuspage.chromedriver=...");
        }
    }

    /** Headless Chromium through Debian's chromedriver, in a fresh profile, with no network service of its own. */
    static final class Browser implements AutoCloseable {

        final ChromeDriver driver;
        private final Path profile;

        private Browser(ChromeDriver driver, Path profile) {
            this.driver = driver;
            this.profile = profile;
        }

        static Browser start(Path driverLog) throws IOException {
            Files.createDirectories(driverLog.toAbsolutePath().getParent());
            Path profile = Files.createTempDirectory("status-page-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--disable-extensions", "--lang=en-US", "--window-size=1366,768",
                    "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            // the driver named explicitly: Selenium Manager (which would look for or download one) is never run
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().withLogFile(driverLog.toFile()).withLogLevel(ChromiumDriverLogLevel.WARNING).build();
            Browser browser = new Browser(new ChromeDriver(service, options), profile);
            browser.viewport(1366, 768);
            return browser;
        }

        /** Sizes the window so that the page itself (the viewport) has this size, as on a laptop screen. */
        void viewport(int width, int height) {
            List<?> frame = (List<?>) driver.executeScript(
                    "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]");
            driver.manage().window().setSize(new Dimension(width + ((Number) frame.get(0)).intValue(),
                    height + ((Number) frame.get(1)).intValue()));
        }

        /** The whole page, for a person looking into a failure; the window returns to the laptop size. */
        void fullPage(Path file) throws IOException {
            Dimension before = driver.manage().window().getSize();
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(before.getWidth(), height.intValue() + 200));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(before);
        }

        /** Console errors, but the missing favicon (the service has none) and the 401 and 409 the test provoked. */
        List<String> consoleErrors() {
            List<String> errors = new ArrayList<>();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                String message = entry.getMessage();
                boolean expected = message.contains("favicon.ico") || message.contains("status of 401")
                        || message.contains("status of 409");
                if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !expected) {
                    errors.add(message);
                }
            }
            return errors;
        }

        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
