package io.outputcache.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shop in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium with the driver
 * path given explicitly, so nothing is downloaded). Skips when they are missing, unless
 * OUTPUTCACHE_REQUIRE_ALL_TESTS=true, where it fails.
 */
class BrowserIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static Shop shop;

    private static String missing;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String why = "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("OUTPUTCACHE_REQUIRE_ALL_TESTS"))) {
                fail("OUTPUTCACHE_REQUIRE_ALL_TESTS=true but the browser test " + why);
            }
            missing = why; // each test reports itself skipped (a skip here would show as 0 tests run)
            return;
        }
        shop = Shop.start();
    }

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(missing == null, () -> "browser test skipped: " + missing);
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void browseAProductAddItToTheCartAndWatchTheStats() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1100");
        WebDriver driver = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            String base = shop.server.baseUrl();

            driver.get(base + "/");
            assertThat(driver.getTitle()).contains("Corner Shop");
            assertThat(driver.findElement(By.cssSelector(".cart-count")).getText()).isEqualTo("0");
            screenshot(driver, "home.png");

            driver.findElement(By.cssSelector(".grid .card .card-link")).click();
            wait.until(ExpectedConditions.urlContains("/product/"));
            String productUrl = driver.getCurrentUrl();
            String name = driver.findElement(By.cssSelector(".product-info h1")).getText();
            assertThat(name).isNotBlank();

            driver.findElement(By.id("add-to-cart")).click();
            wait.until(ExpectedConditions.textToBe(By.cssSelector(".cart-count"), "1"));
            assertThat(driver.getCurrentUrl()).isEqualTo(productUrl);
            screenshot(driver, "product-after-add.png");

            driver.findElement(By.id("cart-link")).click();
            wait.until(ExpectedConditions.urlContains("/cart"));
            assertThat(driver.findElement(By.cssSelector(".cart-table")).getText()).contains(name);

            driver.get(base + "/stats");
            // Some traffic while the page polls /_stats, so that its chart has hits and renders to draw.
            long hitsBefore = shop.stat("pageHits");
            for (int round = 0; round < 3; round++) {
                for (int id = 500; id < 520; id++) {
                    shop.get("/product/" + id);
                }
                Thread.sleep(1100);
            }
            wait.until(d -> Long.parseLong(d.findElement(By.cssSelector(".tile [data-key=pageHits]")).getText()) > hitsBefore);
            assertThat(driver.findElement(By.id("chart")).isDisplayed()).isTrue();
            Path shot = screenshot(driver, "stats.png");
            assertThat(Files.size(shot)).isPositive();
        } finally {
            driver.quit();
            service.stop();
        }
    }

    private static Path screenshot(WebDriver driver, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        return Files.copy(file.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
