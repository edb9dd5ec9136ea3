package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import com.hhcommerce.stack.OutsideServers;
import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackHttp;
import com.hhcommerce.stack.StackSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The committed alert rules (deploy/prometheus/alerts.yml) in a real Prometheus that scrapes the real stack with the
 * scrape credential: each alert's condition is made true by the failure it is for, and the alert goes pending, on the
 * metrics the services really publish. Prometheus starts with this class, so every counter's increase counts from
 * here; each alert is checked not to be pending before its failure. The last test checks that every rule of the file
 * was made to fire.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertRulesIT {

  private static final Path RULES = StackSettings.fromEnvironment().repository().resolve("deploy/prometheus/alerts.yml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** The alerts the tests above made pending, across the class's test instances. */
  private static final Set<String> FIRED = new TreeSet<>();
  private static ManagedProcess prometheus;

  private final Shop shop = new Shop();

  @BeforeAll
  static void startPrometheus() throws Exception {
    Path home = Files.createTempDirectory("hh-prometheus");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String targets = java.util.Arrays.stream(Service.values())
        .map(service -> "'127.0.0.1:" + URI.create(RealStack.url(service)).getPort() + "'").collect(Collectors.joining(", "));
    // scraped and evaluated every second, so that a condition shows within seconds; the rules file as committed
    Files.writeString(home.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - '%s'
        scrape_configs:
          - job_name: hh-commerce
            metrics_path: /actuator/prometheus
            basic_auth:
              username: prometheus
              password: '%s'
            static_configs:
              - targets: [%s]
        """.formatted(RULES, LocalStack.METRICS_SCRAPE_PASSWORD, targets));
    int listen = port;
    prometheus = RealStack.stack().startExtra(new ManagedProcess("prometheus", List.of("prometheus",
        "--config.file=" + home.resolve("prometheus.yml"), "--storage.tsdb.path=" + home.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port), Map.of(), home.resolve("prometheus.log"), port,
        () -> OutsideServers.answers("http://127.0.0.1:" + listen + "/-/ready")));
    await("every service scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> query("sum(up{job=\"hh-commerce\"})").path(0).at("/value/1").asText(), up -> up.equals(String.valueOf(Service.values().length)));
    // what an earlier test left (a breaker half-open, a lag being read) settles first: each failure below starts from none
    await("no alert before any failure").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(AlertRulesIT::pendingOrFiring, List::isEmpty);
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.stop(Duration.ofSeconds(10));
    }
  }

  /** A poison message parked by its consumer. */
  @Test
  @Order(1)
  void aParkedMessage() throws Exception {
    ConsumerRecord<byte[], byte[]> template = KafkaTopics.find("inventory-service-commands", ping(Service.INVENTORY));
    String messageId = PoisonEvents.publishAndAwaitConsumed(template, "inventory-service-commands");
    assertThat(PoisonEvents.parkedReason("inventory_service", "inventory-service-commands", messageId)).as("parked (the precondition)").isNotNull();
    awaitAlert("MessagesParked", Map.of("application", "inventory-service", "subscriber", "inventory-service-commands"));
  }

  /**
   * Redis down under the ranking: its consumer retries the order's event (stuck, reason retrying), its breaker opens,
   * and what arrives behind that event waits (lag). Back within seconds of Redis.
   */
  @Test
  @Order(2)
  void redisDownUnderTheRanking() throws Exception {
    long option = shop.product("alert: redis down", 1_000, 100).get(0).id();
    long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
    ManagedProcess redis = RealStack.stack().process("redis");
    redis.kill();
    try {
      JsonNode order = shop.placeAndAwaitEnd(customer, null, Map.of(option, 1));
      assertThat(order.get("status").asText()).as("the saga needs no Redis").isEqualTo("CONFIRMED");
      awaitAlert("MessageConsumerStuck", Map.of("application", "ranking-service", "reason", "retrying"));
      awaitAlert("CircuitBreakerOpen", Map.of("application", "ranking-service", "name", "redis"));
      // behind the retried event, on its partition: records of a type nobody handles (every reader skips them)
      ConsumerRecord<byte[], byte[]> event = KafkaTopics.find("order-events", "\"hh_order_id\":\"" + order.get("orderId").asLong() + "\"");
      for (int i = 0; i < 120; i++) {
        KafkaTopics.republish(filler(event));
      }
      awaitAlert("MessageConsumerLagging", Map.of("application", "ranking-service"));
    } finally {
      RealStack.stack().restart("redis");
    }
    await("the ranking caught up once Redis is back").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> query("max(hh_messages_consumer_lag{application=\"ranking-service\"})").path(0).at("/value/1").asText(), "0"::equals);
  }

  /** The CDC stopped: the bus probe does not come back. */
  @Test
  @Order(3)
  void theCdcDown() {
    ManagedProcess cdc = RealStack.stack().process(LocalStack.CDC);
    cdc.kill();
    try {
      awaitAlert("BusNotDraining", Map.of("application", "order-service"), Duration.ofMinutes(3));
    } finally {
      RealStack.stack().restart(LocalStack.CDC);
    }
    await("the bus carries again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
        .until(() -> query("max(hh_bus_undelivered_age_seconds)").path(0).at("/value/1").asDouble(), age -> age < 10);
  }

  /**
   * inventory-service frozen (SIGSTOP) under an order, with order-service's deadlines and stuck check made seconds long:
   * inventory stops answering its scrape, the saga is stuck, and once inventory is back the order ends timed out.
   */
  @Test
  @Order(4)
  void aParticipantThatDoesNotAnswer() {
    RealStack.stack().restartWith(Service.ORDER, Map.of("HH_SAGA_DEADLINE_DEFAULT", "PT2S", "HH_SAGA_DEADLINE_MAX_RESENDS", "1",
        "HH_SAGA_DEADLINE_MAX_BACK_OFF", "PT4S",
        "HH_SUPPORT_STUCK_AFTER", "PT3S", "HH_SUPPORT_STUCK_CHECK_INTERVAL", "PT1S"));
    try {
      long option = shop.product("alert: participant silent", 1_000, 10).get(0).id();
      long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
      ManagedProcess inventory = RealStack.stack().process(Service.INVENTORY);
      long orderId;
      inventory.freeze();
      try {
        orderId = shop.placeOrder(customer, null, Map.of(option, 1), Map.of()).body().get("orderId").asLong();
        awaitAlert("ServiceDown", Map.of("instance", "127.0.0.1:" + URI.create(RealStack.url(Service.INVENTORY)).getPort()));
        awaitAlert("SagasStuck", Map.of("application", "order-service"));
        await("timed out").atMost(Duration.ofSeconds(60)).until(() -> shop.order(orderId).path("failureCode").asText(), "TIMED_OUT"::equals);
      } finally {
        inventory.thaw();
      }
      JsonNode ended = shop.awaitEnd(orderId);
      assertThat(ended.get("failureCode").asText()).isEqualTo("TIMED_OUT");
      awaitAlert("SagasTimingOut", Map.of("application", "order-service"));
    } finally {
      RealStack.stack().restartWith(Service.ORDER, Map.of());
    }
  }

  /**
   * The committed Grafana dashboard's queries, on the metrics of the orders above: each names series that exist (a
   * misspelt metric or label gives no data, which Prometheus does not call an error).
   */
  @Test
  @Order(5)
  void everyDashboardQueryHasData() throws Exception {
    JsonNode dashboard = JSON.readTree(RULES.resolveSibling("../grafana/saga-dashboard.json").normalize().toFile());
    List<String> queries = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(10);
    for (String promql : queries) {
      // a rate needs two scrapes of a series: a process restarted by a test above has a scrape interval to give them
      await(promql).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> !query(promql).isEmpty());
    }
  }

  /** Each rule of the file was made pending by a test above: a rule added without a way to fire it fails here. */
  @Test
  @Order(6)
  void everyRuleWasMadeToFire() throws IOException {
    assertThat(FIRED).isEqualTo(ruleNames());
  }

  private static void awaitAlert(String name, Map<String, String> labels) {
    awaitAlert(name, labels, Duration.ofSeconds(120));
  }

  /** The alert, with these labels, pending or firing in Prometheus: its expression holds on the scraped metrics. */
  private static void awaitAlert(String name, Map<String, String> labels, Duration atMost) {
    assertThat(ruleNames()).as("a rule of alerts.yml").contains(name);
    await(name + " " + labels).atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> pendingOrFiring().stream()
        .anyMatch(alert -> alert.path("labels").path("alertname").asText().equals(name)
            && labels.entrySet().stream().allMatch(label -> alert.path("labels").path(label.getKey()).asText().equals(label.getValue()))));
    FIRED.add(name);
  }

  private static List<JsonNode> pendingOrFiring() throws Exception {
    List<JsonNode> alerts = new ArrayList<>();
    get("/api/v1/alerts").at("/data/alerts").forEach(alerts::add);
    return alerts;
  }

  private static JsonNode query(String promql) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).at("/data/result");
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheus.port() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @SuppressWarnings("unchecked")
  private static Set<String> ruleNames() {
    try (Reader reader = Files.newBufferedReader(RULES)) {
      Map<String, Object> file = new Yaml().load(reader);
      return ((List<Map<String, Object>>) file.get("groups")).stream()
          .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
          .map(rule -> (String) rule.get("alert")).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A ping through the service's command channel, so that the channel has a record to copy; its command id. */
  private static String ping(Service service) {
    return StackHttp.support().post(RealStack.url(Service.ORDER) + "/support/bus/pings?participant=" + service.serviceName(), "")
        .body().get(0).get("commandId").asText();
  }

  /** A copy of the event with a new message id and an event type that no reader handles. */
  private static ConsumerRecord<byte[], byte[]> filler(ConsumerRecord<byte[], byte[]> event) throws IOException {
    ObjectNode message = (ObjectNode) JSON.readTree(KafkaTopics.value(event));
    ((ObjectNode) message.get("headers")).put("ID", "lag-filler-" + UUID.randomUUID()).put("event-type", "com.hhcommerce.test.LagFiller");
    return new ConsumerRecord<>(event.topic(), event.partition(), event.offset(), event.key(),
        JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
  }
}
