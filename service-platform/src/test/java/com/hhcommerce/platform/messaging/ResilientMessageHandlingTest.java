package com.hhcommerce.platform.messaging;

import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.SubscriberIdAndMessage;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.lettuce.core.RedisCommandExecutionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  private final ConsumerHealth health = new ConsumerHealth(() -> meters, Clock.systemUTC(), Duration.ofMinutes(1));
  private final ResilientMessageHandling handling = new ResilientMessageHandling(jdbc, () -> meters, health, Duration.ofMillis(1), Duration.ofMillis(2));
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
    assertThat(ResilientMessageHandling.isTransient(new RuntimeException(new SQLRecoverableException("link failure")))).isTrue();
    // a store that died under an open connection (seen from Lettuce when Redis was killed)
    assertThat(ResilientMessageHandling.isTransient(new RuntimeException(new SocketException("Connection reset")))).isTrue();
    assertThat(ResilientMessageHandling.isTransient(new DuplicateKeyException("dup"))).isFalse();
    assertThat(ResilientMessageHandling.isTransient(new IllegalArgumentException("bad payload"))).isFalse();
  }

  @Test
  void retriesATransientFailureForAsLongAsItLastsAndNeverParksForIt() {
    AtomicInteger attempts = new AtomicInteger();
    handling.accept(new SubscriberIdAndMessage("s", message), m -> {
      if (attempts.incrementAndGet() < 500) { // the earlier budget was 60 attempts
        throw new CannotCreateTransactionException("no connection");
      }
    });
    assertThat(attempts).hasValue(500);
    verify(jdbc, never()).sql(anyString());
    assertThat(meters.counter("hh.messages.parked", "subscriber", "s").count()).isZero();
  }

  @Test
  void treatsADatabaseThatCannotWriteForNowAsTransient() {
    for (int code : new int[] {1290, 1836, 1792, 1021, 1114}) { // read-only (three ways), disk full, table full
      assertThat(ResilientMessageHandling.isTransient(new org.springframework.jdbc.UncategorizedSQLException("insert", "INSERT",
          new SQLException("cannot write", "HY000", code)))).as("error %d", code).isTrue();
    }
    assertThat(ResilientMessageHandling.isTransient(new org.springframework.jdbc.UncategorizedSQLException("insert", "INSERT",
        new SQLException("data too long", "22001", 1406)))).isFalse();
  }

  @Test
  void waitsOutAnOutageThatStartsWhileParking() {
    AtomicInteger parkAttempts = new AtomicInteger();
    JdbcClient failingThenWorking = mock(JdbcClient.class);
    JdbcClient.StatementSpec insert = mock(JdbcClient.StatementSpec.class);
    org.mockito.Mockito.when(failingThenWorking.sql(anyString())).thenReturn(insert);
    org.mockito.Mockito.when(insert.params(org.mockito.ArgumentMatchers.any(Object[].class))).thenReturn(insert);
    org.mockito.Mockito.when(insert.update()).thenAnswer(invocation -> {
      if (parkAttempts.incrementAndGet() < 3) {
        throw new CannotGetJdbcConnectionException("down");
      }
      return 1;
    });
    new ResilientMessageHandling(failingThenWorking, () -> meters, health, Duration.ofMillis(1), Duration.ofMillis(2))
        .accept(new SubscriberIdAndMessage("s", message), m -> {
          throw new IllegalArgumentException("unreadable payload");
        });
    assertThat(parkAttempts).hasValue(3);
    assertThat(meters.counter("hh.messages.parked", "subscriber", "s").count()).isEqualTo(1.0);
  }

  @Test
  void aStopWhileWaitingEndsTheHandlingWithoutParking() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> handling.accept(new SubscriberIdAndMessage("s", message), m -> {
        throw new CannotCreateTransactionException("no connection");
      })).isInstanceOf(IllegalStateException.class);
    } finally {
      Thread.interrupted();
    }
    verify(jdbc, never()).sql(anyString());
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

  @Test
  void aParkedMessagesReasonNamesTheRootCauseAWrapperHides() {
    RuntimeException wrapped = new IllegalStateException("handler failed",
        new RuntimeException("conversion failed", new NumberFormatException("For input string: \"x\"")));
    assertThat(ResilientMessageHandling.reason(wrapped)).isEqualTo(
        "java.lang.IllegalStateException: handler failed; root cause java.lang.NumberFormatException: For input string: \"x\"");
    assertThat(ResilientMessageHandling.reason(new IllegalArgumentException("unreadable payload")))
        .isEqualTo("java.lang.IllegalArgumentException: unreadable payload");
  }

  @Test
  void treatsARedisThatCannotServeForNowAsTransientAndACommandErrorAsNot() {
    for (String reply : List.of("OOM command not allowed when used memory > 'maxmemory'.", "READONLY You can't write against a read only replica.",
        "LOADING Redis is loading the dataset in memory")) {
      assertThat(ResilientMessageHandling.isTransient(new RedisSystemException("Error in execution", new RedisCommandExecutionException(reply))))
          .as(reply).isTrue();
    }
    assertThat(ResilientMessageHandling.isTransient(new RedisSystemException("Error in execution",
        new RedisCommandExecutionException("ERR wrong number of arguments for 'sadd' command")))).isFalse();
  }
}
