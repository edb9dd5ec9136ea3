package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console page in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs)
 * against the real stack: a support engineer signs in, finds a failed order, opens its saga and sees the
 * failing step and the reason.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class SupportConsolePageIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("hh.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("hh.chromedriver", "/usr/bin/chromedriver"));
  private final Shop shop = new Shop();
  private WebDriver browser;

  @BeforeEach
  void openBrowser() throws Exception {
    assertThat(CHROMIUM).as("Chromium (apt-get install chromium chromium-driver)").isExecutable();
    assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("hh-chromium"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aSupportEngineerFindsAFailedOrderAndSeesTheFailingStepAndReason() throws Exception {
    long option = shop.product("console page", 5_000, 10).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 1_000).get(0);
    long orderId = shop.placeAndAwaitEnd(customer, null, Map.of(option, 1)).get("orderId").asLong();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get(RealStack.url(Service.ORDER) + "/console/");
    // the local stack configures the sign-in hint; a deployment shows none (SupportConsoleComponentTest)
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-hint"),
        "Local stack: " + LocalStack.SUPPORT_EMAIL + " / " + LocalStack.SUPPORT_PASSWORD));
    // a wrong password: the identity's refusal, passed on by order-service, and no way in
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-email"))).sendKeys(LocalStack.SUPPORT_EMAIL);
    browser.findElement(By.id("login-password")).sendKeys("not the password");
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Sign-in failed"));
    assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
    // the support account's email and password: signed in at the identity, the token kept in the tab only
    browser.findElement(By.id("login-password")).clear();
    browser.findElement(By.id("login-password")).sendKeys(LocalStack.SUPPORT_PASSWORD);
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("filters")));
    assertThat(browser.findElement(By.id("who")).getText()).contains(LocalStack.SUPPORT_EMAIL);
    assertThat(browser.manage().getCookies()).as("no credentials in cookies").isEmpty();
    assertThat((String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('token')")).startsWith("eyJ");

    new Select(browser.findElement(By.id("filter-state"))).selectByVisibleText("COMPENSATED");
    browser.findElement(By.id("filter-customer")).sendKeys(String.valueOf(customer));
    browser.findElement(By.id("search")).click();
    String rowText = wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement row = d.findElements(By.cssSelector("#sagas tbody tr[data-saga-id]")).stream()
          .filter(r -> r.getText().startsWith(orderId + " ")).findFirst().orElse(null);
      if (row == null) {
        return null;
      }
      String text = row.getText();
      row.click();
      return text;
    });
    assertThat(rowText).contains("COMPENSATED").contains("Not enough points");

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-title"), "Order " + orderId));
    // the order's trace, where the stack's Zipkin finds its spans by their order tag (TraceIT follows one through)
    assertThat(browser.findElement(By.id("trace-link")).getAttribute("href")).as("the trace link")
        .startsWith("http://localhost:" + RealStack.stack().settings().zipkinPort() + "/zipkin/")
        .contains("annotationQuery=hh.order.id%3D" + orderId + "&");
    List<WebElement> failures = wait.until(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("#timeline tbody tr[data-kind='REPLY']"));
      return rows.stream().filter(r -> r.getText().contains("FAILURE")).toList().isEmpty() ? null
          : rows.stream().filter(r -> r.getText().contains("FAILURE")).toList();
    });
    assertThat(failures).hasSize(1);
    WebElement failed = failures.get(0);
    assertThat(failed.getText()).contains("deduct points").contains("customer-wallet-service-commands").contains("InsufficientPoints");
    assertThat(failed.findElement(By.className("reason")).getText()).startsWith("Not enough points: 5000 needed, 1000 available");
    assertThat(browser.findElement(By.id("detail-summary")).getText()).contains("COMPENSATED").contains("INSUFFICIENT_POINTS");

    File screenshot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(screenshot.toPath(), Path.of("target", "support-console.png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
