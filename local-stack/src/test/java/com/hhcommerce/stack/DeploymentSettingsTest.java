package com.hhcommerce.stack;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.cdc.api.CdcChannels;
import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml can only be validated here (no Docker engine), so this checks what a typo would
 * break silently: every environment variable given to a service or the CDC is a setting it reads.
 */
class DeploymentSettingsTest {

  private static final Path REPO = StackSettings.fromEnvironment().repository();
  /** Spring Boot's own settings that we pass. */
  private static final Set<String> BOOT_SETTINGS = Set.of("server.port");

  @Test
  void everyServiceSettingInDockerComposeIsReadByThatService() throws IOException {
    Map<String, Map<String, Object>> services = composeServices();
    for (Service service : Service.values()) {
      Set<String> known = settingsRead(REPO.resolve(service.serviceName() + "/" + service.serviceName() + "/src/main/resources/application.properties"),
          REPO.resolve("service-platform/src/main/resources/hh-platform.properties"),
          REPO.resolve("service-platform/src/main/resources/hh-redis.properties"));
      assertSettingsKnown(service.serviceName(), environment(services, service.serviceName()), known);
    }
  }

  @Test
  void everyCdcSettingInDockerComposeIsReadByTheCdcService() throws IOException {
    Set<String> known = settingsRead(REPO.resolve("cdc-service/src/main/resources/application.properties"));
    assertSettingsKnown("cdc-service", environment(composeServices(), "cdc-service"), known);
  }

  /** The CDC creates its topics before traffic (a missing topic makes its publisher restart): it must know every channel. */
  @Test
  void theCdcCreatesExactlyTheChannelsTheServicesUse() throws IOException {
    Properties cdc = new Properties();
    try (Reader reader = Files.newBufferedReader(REPO.resolve("cdc-service/src/main/resources/application.properties"))) {
      cdc.load(reader);
    }
    Matcher topics = Pattern.compile("\\$\\{HH_CDC_TOPICS:([^}]*)}").matcher(cdc.getProperty("hh.cdc.topics"));
    assertThat(topics.matches()).as("hh.cdc.topics is ${HH_CDC_TOPICS:<default list>}").isTrue();
    assertThat(topics.group(1).split(",")).containsExactlyInAnyOrder(
        InventoryChannels.COMMANDS, CouponChannels.COMMANDS, CustomerWalletChannels.COMMANDS, CartChannels.COMMANDS,
        OrderChannels.CREATE_ORDER_SAGA_REPLIES, OrderChannels.PING_REPLIES, OrderChannels.ORDER_EVENTS,
        InventoryChannels.PRODUCT_EVENTS, CustomerWalletChannels.CUSTOMER_EVENTS, CustomerWalletChannels.ACCOUNT_EVENTS, CdcChannels.PROBE);
  }

  @Test
  void theLocalStackPassesTheSameSettingsAsDockerCompose() throws IOException {
    Map<String, Map<String, Object>> services = composeServices();
    String launcher = Files.readString(REPO.resolve("local-stack/src/main/java/com/hhcommerce/stack/LocalStack.java"));
    for (String name : List.of("cdc-service", "order-service", "ranking-service", "coupon-service", "relay-service")) {
      for (String variable : environment(services, name).keySet()) {
        assertThat(launcher).as("LocalStack passes %s to %s", variable, name).contains("\"" + variable + "\"");
      }
    }
  }

  @Test
  void theComposeDatabaseBootstrapIsTheOneTheLocalStackRuns() throws IOException {
    String compose = Files.readString(REPO.resolve("docker-compose.yml"));
    assertThat(compose).contains("./local-stack/src/main/resources/database-bootstrap.sql:/docker-entrypoint-initdb.d/");
    assertThat(REPO.resolve("local-stack/src/main/resources/database-bootstrap.sql")).exists();
  }

  /**
   * A deployment never runs on a known password: every password compose passes is a variable it refuses to start
   * without ({@code ${VAR:?...}}), each listed in .env.example with no value (a copy left unfilled refuses too), and
   * every database account the bootstrap creates is given one of them by deploy/database-passwords.sh.
   */
  @Test
  void composeRefusesToStartWithoutASecretForEveryAccount() throws IOException {
    Pattern required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
    Set<String> requiredVariables = new HashSet<>();
    for (Map.Entry<String, Map<String, Object>> service : composeServices().entrySet()) {
      for (Map.Entry<String, Object> variable : environment(composeServices(), service.getKey()).entrySet()) {
        if (variable.getKey().endsWith("PASSWORD")) {
          Matcher value = required.matcher(String.valueOf(variable.getValue()));
          assertThat(value.matches()).as("%s's %s is required of the deployment: %s", service.getKey(), variable.getKey(),
              variable.getValue()).isTrue();
          requiredVariables.add(value.group(1));
        }
      }
    }
    Properties example = new Properties();
    try (Reader reader = Files.newBufferedReader(REPO.resolve(".env.example"))) {
      example.load(reader);
    }
    assertThat(example.stringPropertyNames()).as(".env.example lists exactly the secrets compose requires")
        .containsExactlyInAnyOrderElementsOf(requiredVariables);
    example.forEach((name, value) -> assertThat(value).as("%s in .env.example", name).isEqualTo(""));

    String bootstrap = Files.readString(REPO.resolve("local-stack/src/main/resources/database-bootstrap.sql"));
    Matcher users = Pattern.compile("CREATE USER IF NOT EXISTS '([a-z_]+)'@'%'").matcher(bootstrap);
    Set<String> accounts = new HashSet<>();
    while (users.find()) {
      accounts.add(users.group(1));
    }
    accounts.remove("monolith");
    String script = Files.readString(REPO.resolve("deploy/database-passwords.sh"));
    for (String account : accounts) {
      assertThat(script).as("database-passwords.sh sets %s's password", account).containsPattern("for account in [a-z_ ]*\\b" + account + "\\b");
      String variable = "HH_" + account.toUpperCase() + "_DB_PASSWORD";
      assertThat(environment(composeServices(), "mariadb")).as("MariaDB is given %s", variable).containsKey(variable);
    }
  }

  /** The password script run with a stand-in client: the statements it sends, a password quoted as SQL text (ComposeIT runs it for real). */
  @Test
  void thePasswordScriptGivesEveryAccountItsOwnPasswordAndRefusesAMissingOne() throws Exception {
    Path bin = Files.createTempDirectory("fake-mariadb");
    Path sent = bin.resolve("sent.sql");
    Path client = bin.resolve("mariadb");
    Files.writeString(client, "#!/bin/sh\ncat > '" + sent + "'\n");
    client.toFile().setExecutable(true);
    Map<String, String> environment = new java.util.HashMap<>(Map.of("PATH", bin + ":" + System.getenv("PATH"), "MARIADB_ROOT_PASSWORD", "root"));
    for (String account : List.of("order_service", "inventory_service", "coupon_service", "customer_wallet_service", "cart_service",
        "ranking_service", "relay_service", "cdc")) {
      environment.put("HH_" + account.toUpperCase() + "_DB_PASSWORD", account + "-secret");
    }
    environment.put("HH_CDC_DB_PASSWORD", "it's a \\ secret");
    assertThat(run(environment).exitValue()).isZero();
    String sql = Files.readString(sent);
    assertThat(sql).contains("ALTER USER 'order_service'@'%' IDENTIFIED BY 'order_service-secret';",
        "ALTER USER 'order_service'@'localhost' IDENTIFIED BY 'order_service-secret';",
        "ALTER USER 'cdc'@'%' IDENTIFIED BY 'it''s a \\\\ secret';", "DROP USER IF EXISTS 'monolith'@'%'");
    assertThat(sql.lines().filter(line -> line.startsWith("ALTER USER"))).hasSize(16);

    Files.delete(sent);
    environment.remove("HH_RELAY_SERVICE_DB_PASSWORD");
    Process refused = run(environment);
    assertThat(refused.exitValue()).isNotZero();
    assertThat(new String(refused.getErrorStream().readAllBytes())).contains("HH_RELAY_SERVICE_DB_PASSWORD is not set");
  }

  private static Process run(Map<String, String> environment) throws Exception {
    ProcessBuilder script = new ProcessBuilder("sh", REPO.resolve("deploy/database-passwords.sh").toString());
    script.environment().clear();
    script.environment().putAll(environment);
    Process process = script.start();
    process.waitFor();
    return process;
  }

  private static void assertSettingsKnown(String service, Map<String, Object> environment, Set<String> known) {
    assertThat(environment).as("environment of %s", service).isNotEmpty();
    for (String variable : environment.keySet()) {
      assertThat(known).as("%s is given %s, a setting it does not read", service, variable).contains(relaxed(variable));
    }
  }

  /** Property keys and ${placeholder} names that the properties files read, in Spring's relaxed form. */
  private static Set<String> settingsRead(Path... files) throws IOException {
    Set<String> known = new HashSet<>();
    BOOT_SETTINGS.forEach(s -> known.add(relaxed(s)));
    Pattern placeholder = Pattern.compile("\\$\\{([^:}]+)");
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        known.add(relaxed(line.substring(0, line.indexOf('='))));
        Matcher m = placeholder.matcher(line);
        while (m.find()) {
          known.add(relaxed(m.group(1)));
        }
      }
    }
    return known;
  }

  private static String relaxed(String name) {
    return name.toLowerCase().replaceAll("[._-]", "");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> composeServices() throws IOException {
    try (Reader reader = Files.newBufferedReader(REPO.resolve("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(reader);
      return (Map<String, Map<String, Object>>) compose.get("services");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Map<String, Map<String, Object>> services, String name) {
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name).getOrDefault("environment", Map.of());
  }
}
