package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumer;
import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerConfigurationProperties;
import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerMessageHandler;
import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaMessageConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.stubbing.Answer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
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
    EventuateKafkaConsumer consumer = start(new ConfiguredPollTimeout(properties -> kafka, Duration.ofMillis(1000), Duration.ZERO));
    try {
      assertThat(polls.poll(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(1000));
    } finally {
      consumer.stop();
    }
  }

  @Test
  void aLongerPollThanTheConfiguredOneIsKept() {
    polling(recordingPolls(), Duration.ZERO).poll(Duration.ofSeconds(9));

    assertThat(polls).containsExactly(Duration.ofSeconds(9));
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
    ConfiguredPollTimeout factory = new ConfiguredPollTimeout(properties -> kafka, Duration.ofDays(1), Duration.ofSeconds(1));
    EventuateKafkaConsumer consumer = start(factory);
    assertThat(polling.await(10, TimeUnit.SECONDS)).as("a poll is in progress (the precondition)").isTrue();

    consumer.stop();
    factory.destroy();

    verify(kafka).close();
  }

  /** A wake-up meant for the poll may reach the commit instead: the service is stopping, and the close commits. */
  @Test
  @SuppressWarnings("unchecked")
  void aCommitThatAWakeUpMeantForThePollReachesIsLeftToTheCommitAtTheClose() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    Map<TopicPartition, OffsetAndMetadata> offsets = offsets(7);
    doThrow(new WakeupException()).doNothing().when(kafka).commitSync(offsets, ConfiguredPollTimeout.COMMIT_TIMEOUT);
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ZERO);

    consumer.commitOffsets(offsets);
    consumer.close();

    InOrder order = inOrder(kafka);
    order.verify(kafka, times(2)).commitSync(offsets, ConfiguredPollTimeout.COMMIT_TIMEOUT);
    order.verify(kafka).close();
  }

  /** Eventuate drops a consumer whose start fails without closing it: the factory closes it, and stops waiting for it. */
  @Test
  @SuppressWarnings("unchecked")
  void aConsumerWhoseStartFailsIsClosedAndNotWaitedForAtTheStop() throws Exception {
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    when(kafka.partitionsFor("topic")).thenThrow(new TimeoutException("no broker"));
    ConfiguredPollTimeout factory = new ConfiguredPollTimeout(properties -> kafka, Duration.ofSeconds(1), Duration.ofSeconds(1));

    assertThatThrownBy(() -> start(factory)).isInstanceOf(RuntimeException.class);
    factory.destroy();

    verify(kafka).close();
    verify(kafka, never()).wakeup();
  }

  /**
   * Eventuate's loop handles five records, one per poll, and commits after each; the clock stands still, so only the
   * first commit is due at once: the rest are held, and the last offset is committed when the service stops.
   */
  @Test
  @SuppressWarnings("unchecked")
  void underLoadEventuatesCommitsAreCoalescedAndTheLastIsMadeAtTheStop() throws Exception {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    TopicPartition partition = PARTITION;
    CountDownLatch handledAll = new CountDownLatch(5);
    when(kafka.poll(any(Duration.class))).thenAnswer(call -> {
      long next = 5 - handledAll.getCount();
      return next < 5
          ? new ConsumerRecords<>(Map.of(partition, List.of(new ConsumerRecord<>("topic", 0, next, "key", new byte[0]))))
          : ConsumerRecords.empty();
    });
    List<Long> committed = new CopyOnWriteArrayList<>();
    Answer<Void> recordingCommits = call -> {
      Map<TopicPartition, OffsetAndMetadata> offsets = call.getArgument(0);
      committed.add(offsets.get(partition).offset());
      return null;
    };
    doAnswer(recordingCommits).when(kafka).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));
    ConfiguredPollTimeout factory = new ConfiguredPollTimeout(properties -> kafka, Duration.ofMillis(10), Duration.ofDays(1));
    EventuateKafkaConsumer consumer = start(factory, (record, handled) -> {
      handled.accept(null, null);
      handledAll.countDown();
      return null;
    });
    assertThat(handledAll.await(10, TimeUnit.SECONDS)).as("five records handled (the precondition)").isTrue();

    consumer.stop();
    factory.destroy();

    assertThat(committed).containsExactly(1L, 5L);
    InOrder order = inOrder(kafka);
    order.verify(kafka, times(2)).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));
    order.verify(kafka).close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCommitIsMadeAtOnceWhenTheLastIsAnIntervalOldAndHeldOtherwise() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    MutableClock clock = new MutableClock();
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofSeconds(1), clock);

    consumer.commitOffsets(offsets(1));
    clock.advance(Duration.ofMillis(400));
    consumer.commitOffsets(offsets(2));
    consumer.commitOffsets(offsets(3));
    verify(kafka).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka, times(1)).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));

    clock.advance(Duration.ofMillis(600));
    consumer.commitOffsets(offsets(4));

    verify(kafka).commitSync(offsets(4), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka, times(2)).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));
  }

  /** Offsets held for their commit shorten the poll to when they fall due; the poll after that commits them first. */
  @Test
  @SuppressWarnings("unchecked")
  void heldOffsetsAreCommittedByThePollWhenTheyFallDue() {
    Consumer<String, byte[]> kafka = owning(recordingPolls());
    MutableClock clock = new MutableClock();
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofSeconds(1), clock);
    consumer.commitOffsets(offsets(1));
    clock.advance(Duration.ofMillis(700));
    consumer.commitOffsets(offsets(2));

    consumer.poll(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(300));
    consumer.poll(Duration.ofMillis(100));

    assertThat(polls).containsExactly(Duration.ofMillis(300), Duration.ofSeconds(5));
    InOrder order = inOrder(kafka);
    order.verify(kafka).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    order.verify(kafka).poll(Duration.ofMillis(300));
    order.verify(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    order.verify(kafka).poll(Duration.ofSeconds(5));
  }

  @Test
  @SuppressWarnings("unchecked")
  void heldOffsetsAreCommittedBeforeTheConsumerLeavesItsGroup() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofDays(1), new MutableClock());
    consumer.commitOffsets(offsets(1));
    consumer.commitOffsets(offsets(2));

    consumer.close(Duration.ofSeconds(1));

    InOrder order = inOrder(kafka);
    order.verify(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    order.verify(kafka).close(Duration.ofSeconds(1));
  }

  /** The broker away: the commit before closing fails within the stop's wait, and the consumer still closes. */
  @Test
  @SuppressWarnings("unchecked")
  void aCommitBeforeClosingThatFailsLeavesTheOffsetsForRedeliveryAndTheConsumerCloses() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofDays(1), new MutableClock());
    consumer.commitOffsets(offsets(1));
    consumer.commitOffsets(offsets(2));
    doThrow(new TimeoutException("no broker")).when(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);

    consumer.close();

    InOrder order = inOrder(kafka);
    order.verify(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    order.verify(kafka).close();
    verify(kafka, times(2)).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));
  }

  /**
   * A commit that fails (the broker away, a rebalance under way, the member dropped from its group) does not end the
   * consumer: Eventuate logs the one it asked for, the poll logs its own and polls all the same (which is how a consumer
   * rejoins its group), and the offsets are tried again an interval later until a commit takes them.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aFailedCommitKeepsItsOffsetsAndThePollGoesOnTryingAgainAnIntervalLater() {
    Consumer<String, byte[]> kafka = owning(recordingPolls());
    MutableClock clock = new MutableClock();
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofSeconds(1), clock);
    doThrow(new TimeoutException("no broker")).doThrow(new RebalanceInProgressException("rebalancing"))
        .doThrow(new CommitFailedException()).doNothing().when(kafka).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);

    assertThatThrownBy(() -> consumer.commitOffsets(offsets(1))).isInstanceOf(TimeoutException.class);
    consumer.poll(Duration.ofMillis(100));
    clock.advance(Duration.ofSeconds(1));
    consumer.poll(Duration.ofMillis(100));
    clock.advance(Duration.ofSeconds(1));
    consumer.poll(Duration.ofMillis(100));
    clock.advance(Duration.ofSeconds(1));
    consumer.poll(Duration.ofMillis(100));
    clock.advance(Duration.ofSeconds(1));
    consumer.poll(Duration.ofMillis(100));

    verify(kafka, times(4)).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    assertThat(polls).as("every poll polled; while offsets wait, until they fall due")
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  /** Revoked: this member still owns them and commits. Lost: another owns them already and redelivers. */
  @Test
  @SuppressWarnings("unchecked")
  void heldOffsetsAreCommittedWhenTheGroupRevokesTheirPartitionsAndDroppedWhenItHasLostThem() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ofDays(1), new MutableClock());
    consumer.subscribe(List.of("topic"));
    ArgumentCaptor<ConsumerRebalanceListener> rebalance = ArgumentCaptor.forClass(ConsumerRebalanceListener.class);
    verify(kafka).subscribe(eq(List.of("topic")), rebalance.capture());
    consumer.commitOffsets(offsets(1));
    consumer.commitOffsets(offsets(2));

    rebalance.getValue().onPartitionsRevoked(List.of(PARTITION));
    consumer.commitOffsets(offsets(3));
    rebalance.getValue().onPartitionsLost(List.of(PARTITION));
    consumer.close();

    verify(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka, never()).commitSync(offsets(3), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka, times(2)).commitSync(any(Map.class), eq(ConfiguredPollTimeout.COMMIT_TIMEOUT));
  }

  /** Eventuate may hand over offsets of a partition the group has given to another member: those are not committed. */
  @Test
  @SuppressWarnings("unchecked")
  void offsetsOfAPartitionThisMemberNoLongerOwnsAreNotCommitted() {
    Consumer<String, byte[]> kafka = mock(Consumer.class);
    when(kafka.assignment()).thenReturn(Set.of(PARTITION), Set.of());
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ZERO, new MutableClock());

    consumer.commitOffsets(offsets(1));
    consumer.commitOffsets(offsets(2));
    consumer.close();

    verify(kafka).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka, times(1)).commitSync(any(Map.class), any(Duration.class));
  }

  @Test
  @SuppressWarnings("unchecked")
  void withAnIntervalOfZeroEveryCommitIsMadeAtOnceAsEventuateDoes() {
    Consumer<String, byte[]> kafka = owning(mock(Consumer.class));
    ConfiguredPollTimeout.PollingFor consumer = polling(kafka, Duration.ZERO, new MutableClock());

    consumer.commitOffsets(offsets(1));
    consumer.commitOffsets(offsets(2));

    verify(kafka).commitSync(offsets(1), ConfiguredPollTimeout.COMMIT_TIMEOUT);
    verify(kafka).commitSync(offsets(2), ConfiguredPollTimeout.COMMIT_TIMEOUT);
  }

  private static final TopicPartition PARTITION = new TopicPartition("topic", 0);

  private static Map<TopicPartition, OffsetAndMetadata> offsets(long offset) {
    return Map.of(PARTITION, new OffsetAndMetadata(offset));
  }

  private static ConfiguredPollTimeout.PollingFor polling(Consumer<String, byte[]> kafka, Duration commitInterval) {
    return polling(kafka, commitInterval, System::nanoTime);
  }

  private static ConfiguredPollTimeout.PollingFor polling(Consumer<String, byte[]> kafka, Duration commitInterval, LongSupplier nanoTime) {
    return new ConfiguredPollTimeout.PollingFor("subscriber", kafka, Duration.ofSeconds(5), commitInterval, nanoTime, closed -> { });
  }

  /** The consumer's group has assigned it the partition. */
  private static Consumer<String, byte[]> owning(Consumer<String, byte[]> kafka) {
    when(kafka.assignment()).thenReturn(Set.of(PARTITION));
    return kafka;
  }

  private static final class MutableClock implements LongSupplier {
    private long nanos = 123_456_789L;

    @Override
    public long getAsLong() {
      return nanos;
    }

    void advance(Duration duration) {
      nanos += duration.toNanos();
    }
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
    return start(factory, (record, callback) -> null);
  }

  private static EventuateKafkaConsumer start(KafkaConsumerFactory factory, EventuateKafkaConsumerMessageHandler handler) {
    EventuateKafkaConsumerConfigurationProperties settings = new EventuateKafkaConsumerConfigurationProperties(Map.of());
    settings.setPollTimeout(1000);
    EventuateKafkaConsumer consumer = new EventuateKafkaConsumer("subscriber", handler, List.of("topic"),
        "localhost:1", settings, factory);
    consumer.start();
    return consumer;
  }
}
