package com.hhcommerce.platform.parking;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.messaging.ConsumerHealth;
import com.hhcommerce.platform.messaging.ResilientMessageHandling;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On MariaDB, with the platform's migrations: a parked message re-driven into the outbox, once, audited. */
@JdbcTest(properties = {"spring.flyway.locations=classpath:db/eventuate", "spring.flyway.out-of-order=true"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@ContextConfiguration(classes = ParkedMessagesTest.Nothing.class)
class ParkedMessagesTest {

  /** The slice's auto-configuration (DataSource, Flyway, JdbcClient, transactions) is all this test needs. */
  static class Nothing {
  }

  private static final String SUBSCRIBER = "coupon-service-customer-replica";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "parking");
    registry.add("spring.datasource.url", () -> "jdbc:mysql://127.0.0.1:${hh.db.port}/${hh.db.name}?useSSL=false&allowPublicKeyRetrieval=true"
        + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
    registry.add("spring.datasource.username", () -> "root");
  }

  @Autowired
  JdbcClient jdbc;
  @Autowired
  TransactionTemplate tx;

  private ParkedMessages parked;

  private ResilientMessageHandling handling;
  private Message message;
  private long id;

  @BeforeEach
  void aParkedMessage() {
    parked = new ParkedMessages(jdbc, tx);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    handling = new ResilientMessageHandling(jdbc, () -> meters, new ConsumerHealth(() -> meters, Clock.systemUTC(), Duration.ofMinutes(1)),
        Duration.ofMillis(1), Duration.ofMillis(2));
    message = MessageBuilder.withPayload("{\"customerId\": 42}")
        .withHeader(Message.ID, "0000018c-" + UUID.randomUUID())
        .withHeader(Message.DESTINATION, "customer-events")
        .withHeader(Message.PARTITION_ID, "42")
        .withHeader("event-type", "com.hhcommerce.wallet.api.CustomerRegistered")
        .build();
    parkAgain();
    id = jdbc.sql("SELECT id FROM parked_message WHERE message_id = ?").param(message.getId()).query(Long.class).single();
  }

  @Test
  void aRedriveWritesTheMessageToTheOutboxUnderItsOwnIdMarksTheRowAndAuditsIt() {
    String parkedHeaders = jdbc.sql("SELECT headers FROM parked_message WHERE id = ?").param(id).query(String.class).single();

    ParkedMessages.ParkedMessage redriven = parked.redrive(id, "support account 17");

    Map<String, Object> outbox = jdbc.sql("SELECT id, destination, headers, payload, published, creation_time FROM message WHERE id = ?")
        .param(message.getId()).query().singleRow();
    assertThat(outbox.get("destination")).isEqualTo("customer-events");
    assertThat(outbox.get("headers")).as("the same headers, the partition id and the message id among them").isEqualTo(parkedHeaders);
    assertThat(parkedHeaders).contains("\"PARTITION_ID\":\"42\"", "\"ID\":\"" + message.getId() + "\"");
    assertThat(outbox.get("payload")).isEqualTo("{\"customerId\": 42}");
    assertThat(((Number) outbox.get("published")).intValue()).isZero();
    assertThat(((Number) outbox.get("creation_time")).longValue()).isPositive();

    assertThat(redriven.state()).isEqualTo(ParkedMessages.State.REDRIVEN);
    assertThat(redriven.redrivenBy()).isEqualTo("support account 17");
    assertThat(redriven.redrivenAt()).isNotNull();
    assertThat(redriven.reason()).as("the reason it was parked for, still shown").contains("IllegalArgumentException", "no such customer");
    assertThat(parked.detail(id).redrives()).extracting(ParkedMessages.Redrive::operator, ParkedMessages.Redrive::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("support account 17", ParkedMessages.Outcome.DONE));
    assertThat(parked.list(0, 21)).extracting(ParkedMessages.ParkedMessage::id, ParkedMessages.ParkedMessage::state)
        .contains(org.assertj.core.groups.Tuple.tuple(id, ParkedMessages.State.REDRIVEN));
  }

  @Test
  void aSecondRedriveIsRefusedAndChangesNothingButTheAudit() {
    parked.redrive(id, "support account 17");
    List<Map<String, Object>> outboxBefore = jdbc.sql("SELECT * FROM message").query().listOfRows();
    Map<String, Object> rowBefore = jdbc.sql("SELECT * FROM parked_message WHERE id = ?").param(id).query().singleRow();

    assertThatThrownBy(() -> parked.redrive(id, "operator account 3")).isInstanceOfSatisfying(DomainRefusal.class, refusal -> {
      assertThat(refusal.kind()).isEqualTo(DomainRefusal.Kind.CONFLICT);
      assertThat(refusal.code()).isEqualTo("parked-message-already-redriven");
      assertThat(refusal.getMessage()).contains("support account 17");
    });

    assertThat(jdbc.sql("SELECT * FROM message").query().listOfRows()).isEqualTo(outboxBefore);
    assertThat(jdbc.sql("SELECT * FROM parked_message WHERE id = ?").param(id).query().singleRow()).isEqualTo(rowBefore);
    assertThat(parked.detail(id).redrives()).extracting(ParkedMessages.Redrive::operator, ParkedMessages.Redrive::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("support account 17", ParkedMessages.Outcome.DONE),
            org.assertj.core.groups.Tuple.tuple("operator account 3", ParkedMessages.Outcome.REFUSED));
  }

  @Test
  void aRedrivenMessageThatFailsAgainIsParkedAgainAndMayBeRedrivenAgain() {
    parked.redrive(id, "support account 17");

    parkAgain(); // ResilientMessageHandling's own parking statement, as when the re-driven copy fails again

    ParkedMessages.ParkedMessage again = parked.detail(id).message();
    assertThat(again.state()).isEqualTo(ParkedMessages.State.PARKED);
    assertThat(again.parkedAgain()).isTrue();
    assertThat(again.parkedAt()).isAfterOrEqualTo(again.redrivenAt());
    assertThat(jdbc.sql("SELECT COUNT(*) FROM parked_message WHERE message_id = ?").param(message.getId()).query(Long.class).single())
        .isEqualTo(1);

    assertThat(parked.redrive(id, "support account 18").redrivenBy()).isEqualTo("support account 18");
    assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE id = ?").param(message.getId()).query(Long.class).single())
        .as("one outbox row of that id").isEqualTo(1);
  }

  @Test
  void ofManyRedrivesAtOnceOneIsDoneAndTheOthersAreRefused() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        answers.add(threads.submit(() -> {
          go.await();
          try {
            return parked.redrive(id, "support account " + n).state().name();
          } catch (DomainRefusal refusal) {
            return refusal.kind().name();
          }
        }));
      }
      go.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> answer : answers) {
        outcomes.add(answer.get(30, TimeUnit.SECONDS));
      }
      assertThat(outcomes).containsOnlyOnce("REDRIVEN").containsOnly("REDRIVEN", "CONFLICT");
    } finally {
      threads.shutdownNow();
    }
    assertThat(jdbc.sql("SELECT outcome FROM parked_message_redrive WHERE parked_message_id = ?").param(id).query(String.class).list())
        .hasSize(8).containsOnlyOnce("DONE");
  }

  @Test
  void anUnknownParkedMessageIsNotFound() {
    assertThatThrownBy(() -> parked.redrive(999_999_999L, "support account 17")).isInstanceOfSatisfying(DomainRefusal.class,
        refusal -> assertThat(refusal.kind()).isEqualTo(DomainRefusal.Kind.UNKNOWN));
    assertThatThrownBy(() -> parked.detail(999_999_999L)).isInstanceOfSatisfying(DomainRefusal.class,
        refusal -> assertThat(refusal.kind()).isEqualTo(DomainRefusal.Kind.UNKNOWN));
    assertThat(jdbc.sql("SELECT COUNT(*) FROM parked_message_redrive WHERE parked_message_id = 999999999").query(Long.class).single()).isZero();
  }

  @Test
  void aDetailHasTheHeadersAndThePayload() {
    ParkedMessages.ParkedMessageDetail detail = parked.detail(id);
    assertThat(detail.headers()).containsEntry(Message.ID, message.getId()).containsEntry(Message.PARTITION_ID, "42");
    assertThat(detail.payload()).isEqualTo("{\"customerId\": 42}");
    assertThat(detail.message().subscriberId()).isEqualTo(SUBSCRIBER);
    assertThat(detail.message().state()).isEqualTo(ParkedMessages.State.PARKED);
    assertThat(detail.message().parkedAgain()).isFalse();
  }

  private void parkAgain() {
    handling.accept(new SubscriberIdAndMessage(SUBSCRIBER, message), m -> {
      throw new IllegalArgumentException("no such customer");
    });
  }
}
