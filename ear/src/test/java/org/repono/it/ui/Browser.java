package org.repono.it.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.repono.it.ServerUnderTest;
import org.repono.it.TestUser;

/**
 * Debian's Chromium (headless) driven by Debian's chromedriver: both binaries named, so that Selenium Manager never
 * runs and nothing is downloaded. A fresh profile and download folder under target/ per browser. Waits are bounded
 * but generous (a loaded CI machine is slow); nothing is asserted about how long anything took.
 */
final class Browser implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final Path downloads;
    private final int width;
    private final int height;

    private Browser(ChromeDriver driver, Path downloads, int width, int height) {
        this.driver = driver;
        this.downloads = downloads;
        this.width = width;
        this.height = height;
    }

    /** The build folder (ear/target), beside the EAR the tests deploy. */
    static Path target() {
        return ServerUnderTest.ear().toAbsolutePath().getParent();
    }

    static Browser start(String name, int width, int height) {
        Path root = target().resolve("chromium").resolve(name + "-" + System.nanoTime());
        Path profile = root.resolve("profile");
        Path downloads = root.resolve("downloads");
        try {
            Files.createDirectories(profile);
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the browser's folders under " + root, e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
        Browser browser = new Browser(driver, downloads, width, height);
        // a window is never narrower than Chromium's minimum (about 500 px): the page gets its size from DevTools
        browser.viewport(height);
        // headless Chromium may ignore the profile's download folder: say it once more through DevTools
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
        return browser;
    }

    private void viewport(int viewportHeight) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", viewportHeight, "deviceScaleFactor", 1, "mobile", false));
    }

    WebDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8380/repono/}. */
    static String console() {
        return ServerUnderTest.http("/repono/").toString();
    }

    /** Opens the console, is shown the login page, logs in with the form, waits for the overview to be shown. */
    void logIn(TestUser user) {
        driver.get(console());
        WebElement form = waitFor(d -> first(By.id("login-form")));
        form.findElement(By.id("login-username")).sendKeys(user.userName());
        form.findElement(By.id("login-password")).sendKeys(user.password());
        form.findElement(By.id("login-submit")).click();
        waitFor(d -> {
            WebElement name = first(By.id("user-name"));
            return name != null && user.userName().equals(name.getText()) ? name : null;
        });
        waitUntilLoaded("/");
    }

    /** Goes to a console page ({@code /}, {@code /repositories/NAME}, ...) and waits until it has loaded. */
    void open(String route) {
        String address = console() + "#" + route;
        if (address.equals(driver.getCurrentUrl())) {
            // the same hash again would not make the page load anew
            driver.navigate().refresh();
        } else {
            if (!driver.getCurrentUrl().startsWith(console())) {
                driver.get(console());
            }
            driver.get(address);
        }
        waitUntilLoaded(route);
    }

    /** Waits until the router has shown {@code route} completely (main's data-route, not aria-busy). */
    void waitUntilLoaded(String route) {
        waitFor(d -> {
            WebElement main = first(By.id("main"));
            return main != null && route.equals(main.getAttribute("data-route"))
                    && "false".equals(main.getAttribute("aria-busy")) ? main : null;
        });
    }

    WebElement byTestId(String testId) {
        return waitFor(d -> first(testId(testId)));
    }

    /** The element if present now, else null. */
    WebElement find(String testId) {
        return first(testId(testId));
    }

    List<WebElement> all(String testId) {
        return driver.findElements(testId(testId));
    }

    static By testId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }

    WebElement first(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        // the console redraws what it polls: an element found a moment ago may have just been replaced
        try {
            return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(200))
                    .ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain; " + diagnosis(), e);
        }
    }

    /** What the page looked like when a wait failed: a screenshot, where it was, the browser's console. */
    private String diagnosis() {
        StringBuilder text = new StringBuilder();
        try {
            text.append("screenshot ").append(screenshot("timeout-" + System.currentTimeMillis()).getFileName());
            text.append("; page ").append(script("""
                    const dialog = document.getElementById('confirm-dialog');
                    const notices = document.getElementById('notices');
                    return JSON.stringify({ url: location.href, scrollY, width: innerWidth, height: innerHeight,
                      dialogOpen: dialog ? dialog.open : null, notices: notices ? notices.innerText : null,
                      focus: document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : null });
                    """));
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                text.append("\n  console: ").append(entry);
            }
        } catch (RuntimeException e) {
            text.append(" (no more: ").append(e).append(')');
        }
        return text.toString();
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Object asyncScript(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    /** The whole page (not only the window) as PNG under target/screenshots/{name}.png. */
    Path screenshot(String name) {
        // the page is shown at its full height for the capture, then at the window's again (scroll kept)
        Object scrollY = script("return window.scrollY");
        int fullHeight = ((Number) script("return document.documentElement.scrollHeight")).intValue();
        Map<String, Object> shot;
        try {
            viewport(Math.max(height, fullHeight));
            shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        } finally {
            viewport(height);
            script("window.scrollTo(0, arguments[0])", scrollY);
        }
        Path file = target().resolve("screenshots").resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + file, e);
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
