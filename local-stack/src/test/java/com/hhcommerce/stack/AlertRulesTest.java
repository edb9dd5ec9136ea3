package com.hhcommerce.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed Prometheus files, as Prometheus reads them: the rules and the compose deployment's configuration are
 * valid, and each alert fires on its condition after its `for` and not before (deploy/prometheus/alerts.test.yml).
 * promtool comes with Debian's prometheus package (.ci/run installs it). Whether the rules' metrics exist on the
 * real stack under these names is AlertRulesIT's.
 */
class AlertRulesTest {

  private static final Path PROMETHEUS = StackSettings.fromEnvironment().repository().resolve("deploy/prometheus");

  @Test
  void theRulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 8 rules found");
  }

  @Test
  void eachAlertFiresOnItsConditionAndNotBefore() throws Exception {
    assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
  }

  @Test
  void theComposeDeploymentsConfigurationIsValid() throws Exception {
    assertThat(promtool("check", "config", "prometheus.yml")).contains("is valid prometheus config file syntax");
  }

  private static String promtool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    Process promtool;
    try {
      promtool = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    assertThat(promtool.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
    return output;
  }
}
