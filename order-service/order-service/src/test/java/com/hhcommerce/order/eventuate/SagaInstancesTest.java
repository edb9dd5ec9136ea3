package com.hhcommerce.order.eventuate;

import org.springframework.test.context.TestPropertySource;
import com.hhcommerce.order.ComponentTest;
import com.hhcommerce.order.api.SagaState;
import com.hhcommerce.order.domain.OrderFailure;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import io.eventuate.tram.sagas.orchestration.SagaInstanceRepository;
import io.eventuate.tram.sagas.orchestration.SagaInstanceRepositoryJdbc;
import io.eventuate.tram.sagas.orchestration.SagaManagerImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pins what {@link SagaInstances} assumes of Eventuate's sagas, on a real MariaDB with in-memory messaging and the
 * framework's own saga repository: after an upgrade of eventuate-tram-sagas, this test is the one that says which
 * assumption broke. {@link WriteBehindSagaInstanceRepositoryTest} runs it again with the opt-in repository.
 */
@ComponentTest
@TestPropertySource(properties = "hh.support.stuck-check-interval=PT1H")
class SagaInstancesTest {

  /** The customers this class places orders for start here: an order per customer and test. */
  long firstCustomer() {
    return 7000;
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    EmbeddedMariaDb.register(registry, "order_saga_instances");
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  SagaInstances sagaInstances;
  @Autowired
  SagaStepLog stepLog;
  @Autowired
  Orders orders;
  @Autowired
  TransactionTemplate transaction;
  @Autowired
  JdbcClient jdbc;

  @Test
  void isWrittenAgainstTheEventuateSagasVersionInUse() {
    assertThat(SagaManagerImpl.class.getProtectionDomain().getCodeSource().getLocation().toString())
        .as("SagaInstances reads saga_instance and drives SagaManagerImpl as eventuate-tram-sagas 0.25 does: "
            + "check each assumption in this test before changing the version")
        .contains("eventuate-tram-sagas-orchestration-0.25.0.RELEASE");
  }

  @Autowired
  SagaInstanceRepository repository;

  @Test
  void runsOnTheFrameworksOwnRepositoryUnlessTheLeverIsOn() {
    assertThat(repository).isInstanceOf(SagaInstanceRepositoryJdbc.class);
  }

  @Test
  void readsTheCommandTheSagaWaitsOnItsStateAndItsData() {
    long orderId = placeOrder(firstCustomer() + 1);
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
  void aReSentCommandIsTheOneTheSagaThenWaitsOn() {
    long orderId = placeOrder(firstCustomer() + 2);
    String sagaId = awaitSagaWaitingToDeductPoints(orderId);
    SagaStepLog.SentCommand waiting = stepLog.command(lastCommand(orderId).messageId()).orElseThrow();

    String copy = transaction.execute(tx -> {
      sagaInstances.lock(sagaId).orElseThrow();
      return sagaInstances.resend(sagaId, waiting, "re-sent by the test");
    });

    assertThat(copy).isNotEqualTo(waiting.messageId());
    assertThat(sagaInstances.find(sagaId).orElseThrow().waitingCommandId()).isEqualTo(copy);
    assertThat(stepLog.command(copy)).as("the copy is logged as a command of the same step")
        .hasValueSatisfying(sent -> assertThat(sent.step()).isEqualTo("deduct points"));
  }

  @Test
  void aFailureOfTheWaitingStepCompensatesTheStepsBeforeIt() {
    long orderId = placeOrder(firstCustomer() + 3);
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

  long placeOrder(long customer) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = "{\"customerId\":%d,\"items\":[{\"productOptionId\":1,\"quantity\":1}]}".formatted(customer);
    return rest.postForEntity("/orders", new HttpEntity<>(body, headers), com.fasterxml.jackson.databind.JsonNode.class)
        .getBody().get("orderId").asLong();
  }

  String awaitSagaWaitingToDeductPoints(long orderId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> orders.find(orderId).orElseThrow().sagaState() == SagaState.STOCK_RESERVED
        && lastCommand(orderId).step().equals("deduct points"));
    return orders.sagaIdOf(orderId).orElseThrow();
  }

  private SagaStepLog.Entry lastCommand(long orderId) {
    List<SagaStepLog.Entry> commands = stepLog.timeline(orderId).stream().filter(e -> e.kind() == SagaStepLog.Kind.COMMAND).toList();
    return commands.isEmpty() ? null : commands.get(commands.size() - 1);
  }
}
