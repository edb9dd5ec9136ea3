package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumer;
import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerConfigurationProperties;
import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaMessageConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Eventuate's own poll loop, over a Kafka consumer that records each poll's length. */
class ConfiguredPollTimeoutTest {

  private final BlockingQueue<Duration> polls = new LinkedBlockingQueue<>();

  @Test
  void eventuateAlonePollsForAHundredMillisecondsWhateverItsSettingSays() throws Exception {
    KafkaMessageConsumer eventuates = mock(KafkaMessageConsumer.class);
    when(eventuates.poll(any())).thenAnswer(call -> {
      polls.add(call.getArgument(0));
      return ConsumerRecords.empty();
    });
    EventuateKafkaConsumer consumer = start((id, properties) -> eventuates);
    try {
      assertThat(polls.poll(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(100));
    } finally {
      consumer.stop();
    }
  }

  @Test
  void throughTheFactoryEachPollIsTheConfiguredLength() throws Exception {
    Consumer<String, byte[]> kafka = recordingPolls();
    EventuateKafkaConsumer consumer = start(new ConfiguredPollTimeout(properties -> kafka, Duration.ofMillis(1000)));
    try {
      assertThat(polls.poll(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(1000));
    } finally {
      consumer.stop();
    }
  }

  @Test
  void aLongerPollThanTheConfiguredOneIsKept() {
    new ConfiguredPollTimeout.PollingFor("subscriber", recordingPolls(), Duration.ofSeconds(1), closed -> { }).poll(Duration.ofSeconds(5));

    assertThat(polls).containsExactly(Duration.ofSeconds(5));
  }

  /**
   * The poll never returns by itself here (a Kafka consumer with nothing to read and a long poll): stopping the service
   * ends it, and the loop commits and closes (which leaves the group) before the factory's destroy returns.
   */
  @Test
  void stoppingTheServiceWakesAPollInProgressAndTheConsumerClosesBeforeTheFactoryIsGone() throws Exception {
    @SuppressWarnings("unchecked")
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    CountDownLatch polling = new CountDownLatch(1);
    CountDownLatch wokenUp = new CountDownLatch(1);
    when(kafka.poll(any(Duration.class))).thenAnswer(call -> {
      polling.countDown();
      wokenUp.await();
      throw new WakeupException();
    });
    doAnswer(call -> {
      wokenUp.countDown();
      return null;
    }).when(kafka).wakeup();
    ConfiguredPollTimeout factory = new ConfiguredPollTimeout(properties -> kafka, Duration.ofDays(1));
    EventuateKafkaConsumer consumer = start(factory);
    assertThat(polling.await(10, TimeUnit.SECONDS)).as("a poll is in progress (the precondition)").isTrue();

    consumer.stop();
    factory.destroy();

    verify(kafka).close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCommitThatAWakeUpMeantForThePollReachesIsMadeAllTheSame() {
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("topic", 0), new OffsetAndMetadata(7));
    doThrow(new WakeupException()).doNothing().when(kafka).commitSync(offsets);

    new ConfiguredPollTimeout.PollingFor("subscriber", kafka, Duration.ofSeconds(1), closed -> { }).commitOffsets(offsets);

    verify(kafka, times(2)).commitSync(offsets);
  }

  /** Eventuate drops a consumer whose start fails without closing it: the factory closes it, and stops waiting for it. */
  @Test
  @SuppressWarnings("unchecked")
  void aConsumerWhoseStartFailsIsClosedAndNotWaitedForAtTheStop() throws Exception {
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    when(kafka.partitionsFor("topic")).thenThrow(new TimeoutException("no broker"));
    ConfiguredPollTimeout factory = new ConfiguredPollTimeout(properties -> kafka, Duration.ofSeconds(1));

    assertThatThrownBy(() -> start(factory)).isInstanceOf(RuntimeException.class);
    factory.destroy();

    verify(kafka).close();
    verify(kafka, never()).wakeup();
  }

  @SuppressWarnings("unchecked")
  private Consumer<String, byte[]> recordingPolls() {
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    when(kafka.poll(any(Duration.class))).thenAnswer(call -> {
      polls.add(call.getArgument(0));
      return ConsumerRecords.empty();
    });
    return kafka;
  }

  private static EventuateKafkaConsumer start(KafkaConsumerFactory factory) {
    EventuateKafkaConsumerConfigurationProperties settings = new EventuateKafkaConsumerConfigurationProperties(Map.of());
    settings.setPollTimeout(1000);
    EventuateKafkaConsumer consumer = new EventuateKafkaConsumer("subscriber", (record, callback) -> null, List.of("topic"),
        "localhost:1", settings, factory);
    consumer.start();
    return consumer;
  }
}
