package io.digitstream.inference.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven through Debian's chromedriver, with every feature that would reach outside hosts turned
 * off and a fresh, empty profile. Both binaries are given explicitly, so Selenium never looks for (or downloads) one.
 */
final class HeadlessChromium {

    private static final String INSTALL_HINT = " (apt-get install -y chromium chromium-driver; scripts/test.sh does it)";

    private HeadlessChromium() {
    }

    static ChromeDriver start(Path userDataDir) throws IOException {
        Path browser = Path.of(System.getProperty("digitstream.test.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("digitstream.test.chromedriver", "/usr/bin/chromedriver"));
        assertTrue(Files.isExecutable(browser), "Chromium not found at " + browser + INSTALL_HINT);
        assertTrue(Files.isExecutable(driver), "chromedriver not found at " + driver + INSTALL_HINT);
        Files.createDirectories(userDataDir);
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1500,1900",
                        "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
