package com.hhcommerce.order.saga;

import com.hhcommerce.order.InMemoryParticipants;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.tram.sagas.orchestration.DestinationAndResource;
import io.eventuate.tram.sagas.orchestration.SagaInstance;
import io.eventuate.tram.sagas.orchestration.SagaManagerImpl;
import io.eventuate.tram.sagas.orchestration.SerializedSagaData;
import io.eventuate.tram.sagas.testing.SagaParticipantStubManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pins what {@link SagaInstances} assumes of Eventuate's sagas, on a real MariaDB with in-memory messaging:
 * after an upgrade of eventuate-tram-sagas, this test is the one that says which assumption broke.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration",
    "hh.support.stuck-check-interval=PT1H"})
@Import(InMemoryParticipants.class)
class SagaInstancesTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_saga_instances");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  SagaParticipantStubManager participants;
  @Autowired
  SagaInstances sagaInstances;
  @Autowired
  SagaStepLog stepLog;
  @Autowired
  Orders orders;
  @Autowired
  TransactionTemplate transaction;
  @Autowired
  SagaInstanceStore store;
  @Autowired
  JdbcClient jdbc;

  @BeforeEach
  void stubParticipants() {
    InMemoryParticipants.answerAllButTheWallet(participants);
  }

  @Test
  void isWrittenAgainstTheEventuateSagasVersionInUse() {
    assertThat(SagaManagerImpl.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .as("SagaInstances reads saga_instance and drives SagaManagerImpl as eventuate-tram-sagas 0.25 does: "
            + "check each assumption in this test before changing the version")
        .contains("eventuate-tram-sagas-orchestration-0.25.0.RELEASE");
  }

  @Test
  void readsTheCommandTheSagaWaitsOnItsStateAndItsData() {
    long orderId = placeOrder(7001);
    String sagaId = awaitSagaWaitingToDeductPoints(orderId);

    SagaInstances.Instance instance = sagaInstances.find(sagaId).orElseThrow();
    SagaStepLog.Entry lastCommand = lastCommand(orderId);
    assertThat(lastCommand.step()).isEqualTo("deduct points");
    assertThat(instance.waitingCommandId()).as("last_request_id is the id of the command the saga waits on")
        .isEqualTo(lastCommand.messageId());
    assertThat(instance.compensating()).isFalse();
    assertThat(instance.ended()).isFalse();
    assertThat(instance.data().getOrderId()).isEqualTo(orderId);
    assertThat(instance.data().getSubtotal()).as("the saga data as the saga stored it").isEqualTo(10_000);
    assertThat(stepLog.timeline(orderId)).as("the reply guard recognised the framework's reply subscriber")
        .anyMatch(e -> e.kind() == SagaStepLog.Kind.REPLY && e.step().equals("reserve stock"));
  }

  @Test
  void redirectsTheSagaToAnotherCommand() {
    long orderId = placeOrder(7002);
    String sagaId = awaitSagaWaitingToDeductPoints(orderId);

    transaction.executeWithoutResult(tx -> {
      sagaInstances.lock(sagaId).orElseThrow();
      sagaInstances.redirect(sagaId, "re-sent-command-id");
    });

    assertThat(sagaInstances.find(sagaId).orElseThrow().waitingCommandId()).isEqualTo("re-sent-command-id");
  }

  @Test
  void aFailureOfTheWaitingStepCompensatesTheStepsBeforeIt() {
    long orderId = placeOrder(7003);
    String sagaId = awaitSagaWaitingToDeductPoints(orderId);

    transaction.executeWithoutResult(tx -> {
      SagaInstances.Instance instance = sagaInstances.lock(sagaId).orElseThrow();
      orders.compensating(orderId, new OrderFailure("TEST_STOP", "stopped by the test"));
      sagaInstances.failWaitingStep(instance);
    });

    await().atMost(Duration.ofSeconds(20)).until(() -> orders.find(orderId).orElseThrow().sagaState() == SagaState.COMPENSATED);
    assertThat(sagaInstances.find(sagaId).orElseThrow().ended()).isTrue();
    assertThat(stepLog.timeline(orderId).stream().filter(e -> e.kind() == SagaStepLog.Kind.COMMAND).map(SagaStepLog.Entry::step))
        .as("the steps before the failed one, undone in reverse")
        .containsExactly("clear cart", "reserve stock", "deduct points", "release stock", "restore cart");
  }

  @Test
  void theStoreWritesAnInstanceOnceAtCommitWithItsLastState() {
    SagaInstance instance = new SagaInstance("store-test", null, "first", null, new SerializedSagaData("Data", "{}"), new HashSet<>());

    transaction.executeWithoutResult(tx -> {
      store.save(instance);
      instance.setStateName("second");
      instance.setLastRequestId("command-2");
      store.update(instance);
      assertThat(store.find("store-test", instance.getId())).as("read back within the transaction").isSameAs(instance);
      assertThat(rowsFromAnotherTransaction(instance.getId())).as("nothing written before the commit").isZero();
    });

    SagaInstance stored = store.find("store-test", instance.getId());
    assertThat(stored).isNotSameAs(instance);
    assertThat(stored.getStateName()).isEqualTo("second");
    assertThat(stored.getLastRequestId()).isEqualTo("command-2");
  }

  @Test
  void aRolledBackTransactionWritesNothing() {
    SagaInstance instance = new SagaInstance("store-test", null, "first", null, new SerializedSagaData("Data", "{}"), new HashSet<>());

    transaction.executeWithoutResult(tx -> {
      store.save(instance);
      tx.setRollbackOnly();
    });

    assertThat(rowsFromAnotherTransaction(instance.getId())).isZero();
  }

  @Test
  void aLockedInstanceIsTheOneLaterReadsOfTheTransactionGet() {
    long orderId = placeOrder(7004);
    String sagaId = awaitSagaWaitingToDeductPoints(orderId);

    transaction.executeWithoutResult(tx -> {
      SagaInstance locked = store.read(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId, true).orElseThrow();
      assertThat(store.find(OrderChannels.CREATE_ORDER_SAGA_TYPE, sagaId)).isSameAs(locked);
    });
  }

  @Test
  void refusesInstancesHoldingSemanticLocks() {
    SagaInstance instance = new SagaInstance("store-test", null, "first", null, new SerializedSagaData("Data", "{}"),
        new HashSet<>(Set.of(new DestinationAndResource("inventory-service-commands", "Order/1"))));

    assertThatThrownBy(() -> transaction.executeWithoutResult(tx -> store.save(instance)))
        .hasMessageContaining("semantic locks");
  }

  private long rowsFromAnotherTransaction(String sagaId) {
    TransactionTemplate separate = new TransactionTemplate(transaction.getTransactionManager());
    separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    return separate.execute(tx -> jdbc.sql("SELECT COUNT(*) FROM saga_instance WHERE saga_id = ?").param(sagaId).query(Long.class).single());
  }

  private long placeOrder(long customer) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = "{\"customerId\":%d,\"items\":[{\"productOptionId\":1,\"quantity\":1}]}".formatted(customer);
    return rest.postForEntity("/orders", new HttpEntity<>(body, headers), com.fasterxml.jackson.databind.JsonNode.class)
        .getBody().get("orderId").asLong();
  }

  private String awaitSagaWaitingToDeductPoints(long orderId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> orders.find(orderId).orElseThrow().sagaState() == SagaState.STOCK_RESERVED
        && lastCommand(orderId).step().equals("deduct points"));
    return orders.sagaIdOf(orderId).orElseThrow();
  }

  private SagaStepLog.Entry lastCommand(long orderId) {
    List<SagaStepLog.Entry> commands = stepLog.timeline(orderId).stream().filter(e -> e.kind() == SagaStepLog.Kind.COMMAND).toList();
    return commands.isEmpty() ? null : commands.get(commands.size() - 1);
  }
}
