package com.hhcommerce.order.eventuate;

import com.hhcommerce.order.api.OrderChannels;
import io.eventuate.tram.sagas.orchestration.DestinationAndResource;
import io.eventuate.tram.sagas.orchestration.SagaInstance;
import io.eventuate.tram.sagas.orchestration.SerializedSagaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every assumption of {@link SagaInstancesTest} again with the performance lever on, and what the lever itself promises. */
@TestPropertySource(properties = "hh.performance.saga-write-behind=true")
class WriteBehindSagaInstanceRepositoryTest extends SagaInstancesTest {

  @Autowired
  WriteBehindSagaInstanceRepository store;

  @Override
  long firstCustomer() {
    return 8000;
  }

  @Override
  @Test
  void runsOnTheFrameworksOwnRepositoryUnlessTheLeverIsOn() {
    assertThat(repository).isSameAs(store);
  }

  @Test
  void writesAnInstanceOnceAtCommitWithItsLastState() {
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
    long orderId = placeOrder(firstCustomer() + 9);
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
}
