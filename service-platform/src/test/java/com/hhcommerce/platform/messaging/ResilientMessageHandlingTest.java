package com.hhcommerce.platform.messaging;

import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ResilientMessageHandlingTest {

  private final JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ResilientMessageHandling handling = new ResilientMessageHandling(jdbc, meters, 4, Duration.ofMillis(1), Duration.ofMillis(2));
  private final Message message = MessageBuilder.withPayload("{}").withHeader(Message.ID, "m-1").build();

  @Test
  void retriesATransientFailureUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    handling.accept(new SubscriberIdAndMessage("s", message), m -> {
      if (attempts.incrementAndGet() < 3) {
        throw new CannotAcquireLockException("deadlock");
      }
    });
    assertThat(attempts).hasValue(3);
    verify(jdbc, never()).sql(anyString());
  }

  @Test
  void treatsALostDatabaseConnectionAsTransient() {
    assertThat(ResilientMessageHandling.isTransient(new CannotGetJdbcConnectionException("down"))).isTrue();
    assertThat(ResilientMessageHandling.isTransient(new CannotCreateTransactionException("down"))).isTrue();
    assertThat(ResilientMessageHandling.isTransient(new org.springframework.transaction.TransactionSystemException("commit failed"))).isTrue();
    assertThat(ResilientMessageHandling.isTransient(new RuntimeException(new java.sql.SQLRecoverableException("link failure")))).isTrue();
    // a store that died under an open connection (seen from Lettuce when Redis was killed)
    assertThat(ResilientMessageHandling.isTransient(new RuntimeException(new java.net.SocketException("Connection reset")))).isTrue();
    assertThat(ResilientMessageHandling.isTransient(new DuplicateKeyException("dup"))).isFalse();
    assertThat(ResilientMessageHandling.isTransient(new IllegalArgumentException("bad payload"))).isFalse();
  }

  @Test
  void rethrowsWhenTransientFailuresOutlastTheRetries() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> handling.accept(new SubscriberIdAndMessage("s", message), m -> {
      attempts.incrementAndGet();
      throw new CannotCreateTransactionException("no connection");
    })).isInstanceOf(CannotCreateTransactionException.class);
    assertThat(attempts).hasValue(4);
  }

  @Test
  void parksAMessageThatFailsForAnyOtherReasonAndCountsIt() {
    AtomicInteger attempts = new AtomicInteger();
    handling.accept(new SubscriberIdAndMessage("s", message), m -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("unreadable payload");
    });
    assertThat(attempts).hasValue(1);
    verify(jdbc).sql(org.mockito.ArgumentMatchers.contains("INSERT INTO parked_message"));
    assertThat(meters.counter("hh.messages.parked", "subscriber", "s").count()).isEqualTo(1.0);
  }
}
