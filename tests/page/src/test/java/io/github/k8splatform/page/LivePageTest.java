package io.github.k8splatform.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.k8splatform.browser.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway's page as a person sees it, in headless Chromium at 1280 px, served by the packaged
 * gateway with the real catalog, orders and logs behind it (what make run starts). Screenshots go to
 * tests/page/target/page/.
 */
class LivePageTest {

    private static final String ORDERS_VERSION = "1.0.1-page";
    private static LocalPlatform platform;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        platform = LocalPlatform.start(Map.of("orders", ORDERS_VERSION));
        String product = "{\"sku\":\"PAGE-1\",\"name\":\"A page test product\",\"priceCents\":1250,\"currency\":\"EUR\"}";
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(platform.urls.get("catalog") + "/api/catalog/products")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + platform.writeToken)
                .POST(HttpRequest.BodyPublishers.ofString(product)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(created.statusCode() == 201 || created.statusCode() == 200, created.body());
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void trafficListsTheAnsweringPodsAndVersionsAndUpdates() {
        WebDriver page = open();
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(30));
        wait.until(d -> answeringPods(d).size() == platform.pods.size());
        assertEquals(Set.copyOf(platform.pods.values()), answeringPods(page).keySet());
        assertEquals(ORDERS_VERSION, answeringPods(page).get(platform.pods.get("orders")));
        assertEquals("1.0.0", answeringPods(page).get(platform.pods.get("catalog")));
        String first = page.findElement(By.id("stream-status")).getAttribute("data-at");
        int answered = answers(page, "orders");
        wait.until(d -> !first.equals(d.findElement(By.id("stream-status")).getAttribute("data-at"))
                && answers(d, "orders") > answered + 5);
        assertEquals("0", text(page, "orders", ".failures"));
        assertTrue(text(page, "orders", ".p95").endsWith("ms"), text(page, "orders", ".p95"));
        assertTrue(text(page, "orders", "[data-version-rate='" + ORDERS_VERSION + "']").contains("/s"));
        chromium.screenshot(Path.of("target/page/traffic.png"));
        assertNothingOverflows();
    }

    @Test
    void outsideKubernetesTheWorkloadsPartSaysSoInOneLine() {
        WebDriver page = open();
        WebElement line = new WebDriverWait(page, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.id("workloads-unavailable")).stream().findFirst().orElse(null));
        assertTrue(line.getText().startsWith("no Kubernetes API is reachable"), line.getText());
        assertEquals(1, line.getText().lines().count(), line.getText());
    }

    @Test
    void tryItPlacesAnOrderOnceListsItAndShowsProblems() {
        WebDriver page = open();
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("order-sku")).getAttribute("value").isEmpty());
        assertEquals("PAGE-1", page.findElement(By.id("order-sku")).getAttribute("value"), "the SKU is offered from catalog");
        page.findElement(By.cssSelector("#order-form button[type=submit]")).click();
        String id = wait.until(d -> d.findElements(By.cssSelector("#order-result [data-order-id]")).stream()
                .findFirst().map(e -> e.getAttribute("data-order-id")).orElse(null));
        // The same Idempotency-Key again: the same order, not a second one.
        page.findElement(By.cssSelector("#order-form button[type=submit]")).click();
        wait.until(d -> d.findElement(By.id("order-result")).getText().contains("200 from"));
        assertEquals(id, page.findElement(By.cssSelector("#order-result [data-order-id]")).getAttribute("data-order-id"));
        page.findElement(By.id("orders-refresh")).click();
        wait.until(d -> d.findElements(By.cssSelector("#orders-result tbody tr")).size() == 1);
        assertEquals(id, page.findElement(By.cssSelector("#orders-result tbody td")).getText());

        page.findElement(By.id("order-new-key")).click();
        page.findElement(By.id("order-quantity")).clear();
        page.findElement(By.id("order-quantity")).sendKeys("0");
        page.findElement(By.cssSelector("#order-form button[type=submit]")).click();
        WebElement problem = wait.until(d -> d.findElements(By.cssSelector("#order-result .problem")).stream().findFirst().orElse(null));
        assertTrue(problem.getText().startsWith("400: ") && problem.getText().contains("quantity"), problem.getText());

        page.findElement(By.id("logs-pod")).sendKeys(platform.pods.get("orders"));
        page.findElement(By.cssSelector("#logs-form button[type=submit]")).click();
        // Without the read token the collector refuses, and the page says which header it wanted.
        WebElement refused = wait.until(d -> d.findElements(By.cssSelector("#logs-result .problem")).stream().findFirst().orElse(null));
        assertTrue(refused.getText().startsWith("401: ") && refused.getText().contains("Authorization"), refused.getText());
        page.findElement(By.id("logs-token")).sendKeys(platform.readToken);
        page.findElement(By.cssSelector("#logs-form button[type=submit]")).click();
        wait.withMessage(() -> "logs result: " + page.findElement(By.id("logs-result")).getText())
                .until(d -> d.findElement(By.id("logs-result")).getText().contains("200 from " + platform.pods.get("logs")));
        chromium.screenshot(Path.of("target/page/try-it.png"));
        assertNothingOverflows();
    }

    private static WebDriver open() {
        WebDriver page = chromium.driver();
        page.get(platform.gateway() + "/");
        return page;
    }

    /** Pod name to version, from the Traffic part's rows; read in one script, as the part is redrawn every second. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> answeringPods(WebDriver page) {
        return (Map<String, String>) ((JavascriptExecutor) page).executeScript("return Object.fromEntries("
                + "[...document.querySelectorAll('#traffic [data-pod]')].map(r => [r.dataset.pod, r.dataset.version]))");
    }

    private static int answers(WebDriver page, String service) {
        return ((Number) ((JavascriptExecutor) page).executeScript("return [...document.querySelectorAll("
                + "'[data-service=" + service + "] [data-pod] td:last-child')].reduce((n, td) => n + Number(td.textContent), 0)"))
                .intValue();
    }

    /** The text of the first element the selector finds in the service's card, read in one script. */
    private static String text(WebDriver page, String service, String selector) {
        return (String) ((JavascriptExecutor) page).executeScript("const e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent : 'missing: ' + arguments[0]", "[data-service=" + service + "] " + selector);
    }

    private static void assertNothingOverflows() {
        assertEquals(List.of(), chromium.overflows(), "nothing may run past " + HeadlessChromium.WIDTH + " px");
    }
}
