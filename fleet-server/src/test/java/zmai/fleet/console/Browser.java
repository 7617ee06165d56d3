package zmai.fleet.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The system's headless Chromium driven through its chromedriver: the console as a user's browser shows it.
 * Downloads land in {@link #downloads()}.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path downloads;
    private final String base;

    public Browser(String base, int width, int height) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            downloads = Files.createTempDirectory("console-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--lang=en-GB");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).build();
        driver = new ChromeDriver(service, options);
    }

    public Path downloads() {
        return downloads;
    }

    /** Opens the console at {@code #/...} and signs in with {@code token} through the sign-in form. */
    public void signIn(String token) {
        driver.get(base + "/");
        script("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement field = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        driver.findElement(By.cssSelector("form.sign-in button[type=submit]")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
        waitFor(d -> !d.findElement(By.id("who")).getText().isBlank());
    }

    /** Goes to a console page, e.g. {@code #/fleet?online=false}, in the signed-in tab. */
    public void open(String hash) {
        driver.get(base + "/" + hash);
    }

    public <T> T waitFor(Function<? super WebDriver, T> condition) {
        return waitFor(condition, Duration.ofSeconds(30));
    }

    public <T> T waitFor(Function<? super WebDriver, T> condition, Duration timeout) {
        // the console redraws live values in place: an element read a moment ago may have been replaced
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement byId(String id) {
        return visible(By.id(id));
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Clicks what {@code by} finds, finding it again if the console redrew it in the meantime. */
    public void click(By by) {
        waitFor(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    public void choose(String selectId, String value) {
        new Select(byId(selectId)).selectByValue(value);
    }

    /** Confirms the console's confirmation dialog, once it shows. */
    public void confirm() {
        visible(By.id("confirm-ok")).click();
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
