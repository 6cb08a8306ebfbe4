package io.github.k8splatform.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven headless through its chromedriver, at 1280 px wide: the width the pages
 * and reports must fit. Both paths are given, so Selenium Manager never tries to download a driver
 * (nothing can be downloaded here); CHROMIUM and CHROMEDRIVER override them on other machines.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final int WIDTH = 1280;

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a browser with these arguments besides its own, or fails with one line naming what is
     * missing and how to install it.
     */
    public static HeadlessChromium start(String... arguments) {
        Path binary = executable("CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(binary.toFile())
                // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + WIDTH + ",900", "--hide-scrollbars")
                .addArguments(arguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return new HeadlessChromium(driver);
    }

    public WebDriver driver() {
        return driver;
    }

    /** A PNG of the whole page, not just the window: the window grows to the page's height, then back. */
    public void screenshot(Path png) {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("window.scrollTo(0, 0); return document.documentElement.scrollHeight");
        try {
            driver.manage().window().setSize(new Dimension(WIDTH, Math.max(window.getHeight(), height.intValue())));
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + png, e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /**
     * What runs past the right edge of the window as it is now, one line each: a window not WIDTH
     * wide, a page wider than the window, an element ending past it, an element (not SVG) whose
     * content is wider than its box. Empty when nothing does.
     */
    @SuppressWarnings("unchecked")
    public List<String> overflows() {
        return (List<String>) driver.executeScript(OVERFLOWS, WIDTH);
    }

    private static final String OVERFLOWS = """
            const width = window.innerWidth, problems = [];
            const describe = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined && e.className
                ? '.' + e.className : '') + ' "' + (e.textContent || '').trim().slice(0, 50) + '"';
            if (width !== arguments[0]) {
              problems.push('the window is ' + width + ' px wide, not ' + arguments[0]);
            }
            if (document.documentElement.scrollWidth > width) {
              problems.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
            }
            for (const e of document.querySelectorAll('body *')) {
              const right = e.getBoundingClientRect().right;
              if (right > width + 0.5) problems.push(describe(e) + ' ends at ' + Math.round(right) + ' px');
              if (!(e instanceof SVGElement) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
                problems.push(describe(e) + ' holds ' + e.scrollWidth + ' px in ' + e.clientWidth);
              }
            }
            return problems;""";

    @Override
    public void close() {
        driver.quit();
    }

    private static Path executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " not found: install chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver), or set " + variable + " to its path");
        }
        return path;
    }
}
