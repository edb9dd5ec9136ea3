package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaMessageConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes Eventuate's Kafka consumers poll for eventuate.local.kafka.consumer.poll-timeout. eventuate-messaging-kafka
 * 0.20's EventuateKafkaConsumer reads that setting and then polls for a fixed 100 ms: an idle subscriber woke ten
 * times a second, and with it the offset commit and back-pressure check that follow each poll. A poll returns as soon
 * as records arrive, so no message waits longer; what waits, by at most one poll timeout, is the resumption of a
 * paused partition.
 * <p>
 * Eventuate's stop only sets a flag that its poll loop reads between polls, so a service stopping mid-poll would exit
 * before its consumers commit and leave their groups, and their partitions would wait for the group's session timeout.
 * When the service stops, this factory wakes every consumer out of its poll and waits (a bounded time) until each has
 * closed.
 * <p>
 * Eventuate commits the offsets it has handled after every poll, one synchronous round trip to the broker (and a write
 * to its offsets log) per handled batch: under load, one per message. The consumers here commit them at most once per
 * hh.messaging.offset-commit-interval instead, and at once when nothing was committed for that long (a lone message),
 * when the group takes partitions away, and when the consumer closes. A crash redelivers what was handled since the
 * last commit, as it redelivered what was handled since the last poll: every handler drops a message it has handled.
 * A commit waits at most five seconds; one that fails (the broker away, a rebalance under way) keeps its offsets for
 * the next, an interval later, and the poll goes on, so that the consumer rejoins its group and carries on once the
 * broker is back. Only the partitions the consumer still owns are committed.
 */
final class ConfiguredPollTimeout implements KafkaConsumerFactory, DisposableBean {

  private static final Duration CLOSING = Duration.ofSeconds(5);
  /** How long a commit waits for the broker (Kafka's default 60 s held the poll loop, and a stop, through an outage). */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ConfiguredPollTimeout.class);
  /** Eventuate subscribes without a rebalance listener of its own. */
  private static final ConsumerRebalanceListener NO_LISTENER = new ConsumerRebalanceListener() {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    }
  };

  private final Function<Properties, Consumer<String, byte[]>> kafka;
  private final Duration pollTimeout;
  private final Duration commitInterval;
  private final Set<PollingFor> open = ConcurrentHashMap.newKeySet();

  ConfiguredPollTimeout(Duration pollTimeout, Duration commitInterval) {
    this(KafkaConsumer::new, pollTimeout, commitInterval);
  }

  ConfiguredPollTimeout(Function<Properties, Consumer<String, byte[]>> kafka, Duration pollTimeout, Duration commitInterval) {
    this.kafka = kafka;
    this.pollTimeout = pollTimeout;
    this.commitInterval = commitInterval;
  }

  @Override
  public KafkaMessageConsumer makeConsumer(String subscriptionId, Properties properties) {
    PollingFor consumer = new PollingFor(subscriptionId, kafka.apply(properties), pollTimeout, commitInterval, System::nanoTime, open::remove);
    open.add(consumer);
    return consumer;
  }

  /** After Eventuate's message consumer, which depends on this factory, has set each poll loop's stop flag. */
  @Override
  public void destroy() throws InterruptedException {
    open.forEach(consumer -> consumer.kafka.wakeup());
    Instant until = Instant.now().plus(CLOSING);
    for (PollingFor consumer : open) {
      if (!consumer.closed.await(Math.max(0, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS)) {
        log.warn("Kafka consumer of {} still open {} after the service began to stop: its partitions wait for the group's session timeout",
            consumer.subscriptionId, CLOSING);
      }
    }
  }

  /**
   * A Kafka consumer as Eventuate uses it, each poll the configured length (never shorter than asked, but for a commit
   * that falls due), its commits coalesced. Used by its poll loop's thread only, but for the wake-up.
   */
  static final class PollingFor implements KafkaMessageConsumer {

    private final String subscriptionId;
    private final Consumer<String, byte[]> kafka;
    private final Duration pollTimeout;
    private final long commitIntervalNanos;
    private final LongSupplier nanoTime;
    private final java.util.function.Consumer<PollingFor> onClose;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommitNanos;

    /** @param nanoTime a monotonic clock ({@link System#nanoTime()}): a wall clock set back would hold every commit */
    PollingFor(String subscriptionId, Consumer<String, byte[]> kafka, Duration pollTimeout, Duration commitInterval,
               LongSupplier nanoTime, java.util.function.Consumer<PollingFor> onClose) {
      this.subscriptionId = subscriptionId;
      this.kafka = kafka;
      this.pollTimeout = pollTimeout;
      this.commitIntervalNanos = commitInterval.toNanos();
      this.nanoTime = nanoTime;
      this.onClose = onClose;
      this.lastCommitNanos = nanoTime.getAsLong() - commitIntervalNanos;
    }

    /**
     * Commits what is due first; while offsets wait for their commit, the poll ends when they fall due. A wake-up (the
     * service stopping) ends the poll with nothing: the loop then reads its stop flag.
     */
    @Override
    public ConsumerRecords<String, byte[]> poll(Duration asked) {
      Duration length = asked.compareTo(pollTimeout) >= 0 ? asked : pollTimeout;
      if (!uncommitted.isEmpty() && nanosUntilDue() <= 0) {
        try {
          commitUncommitted();
        } catch (RuntimeException e) {
          log.warn("Offsets of {} not committed ({}): tried again in {} ms", subscriptionId, e.toString(), commitIntervalNanos / 1_000_000);
        }
      }
      long untilDue = nanosUntilDue();
      if (!uncommitted.isEmpty() && untilDue > 0 && untilDue < length.toNanos()) {
        length = Duration.ofNanos(untilDue);
      }
      try {
        return kafka.poll(length);
      } catch (WakeupException stopping) {
        return ConsumerRecords.empty();
      }
    }

    private long nanosUntilDue() {
      return lastCommitNanos + commitIntervalNanos - nanoTime.getAsLong();
    }

    /**
     * Eventuate's offsets, committed now if the last commit is an interval old, else kept for the poll that falls due. A
     * failure reaches Eventuate, which logs it and goes on (at the stop, it closes the consumer, which commits them).
     */
    @Override
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
      uncommitted.putAll(offsets);
      if (nanosUntilDue() <= 0) {
        commitUncommitted();
      }
    }

    /**
     * Commits the offsets of the partitions this member still owns (another member's commit of a partition it took over
     * must not be overwritten with an older offset), within {@link #COMMIT_TIMEOUT}. Failed or not, the next commit is
     * due an interval later; the offsets stay until a commit takes them (or a newer offset does). A wake-up that reaches
     * the commit means the service is stopping: the commit at the close takes the offsets.
     */
    private void commitUncommitted() {
      uncommitted.keySet().retainAll(kafka.assignment());
      if (uncommitted.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(uncommitted);
      try {
        kafka.commitSync(offsets, COMMIT_TIMEOUT);
      } catch (WakeupException stopping) {
        return;
      } finally {
        lastCommitNanos = nanoTime.getAsLong();
      }
      offsets.forEach(uncommitted::remove);
    }

    /**
     * Offsets still to commit are committed before the consumer leaves its group; if that fails (the broker away, the
     * group moved on), a member that takes the partitions over redelivers them.
     */
    @Override
    public void close() {
      try {
        commitBeforeClosing();
        kafka.close();
      } finally {
        closed();
      }
    }

    @Override
    public void close(Duration timeout) {
      try {
        commitBeforeClosing();
        kafka.close(timeout);
      } finally {
        closed();
      }
    }

    private void commitBeforeClosing() {
      try {
        commitUncommitted();
      } catch (RuntimeException e) {
        log.warn("Offsets of {} handled but not committed before closing ({}): they will be delivered again", subscriptionId, e.toString());
      }
      uncommitted.clear();
    }

    private void closed() {
      closed.countDown();
      onClose.accept(this);
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
      kafka.assign(partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
      kafka.seekToEnd(partitions);
    }

    @Override
    public long position(TopicPartition partition) {
      return kafka.position(partition);
    }

    @Override
    public void seek(TopicPartition partition, long position) {
      kafka.seek(partition, position);
    }

    @Override
    public void subscribe(List<String> topics) {
      subscribe(topics, NO_LISTENER);
    }

    /** Partitions the group takes away have their offsets committed first, while this member still owns them. */
    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
      closedIfFailing(() -> {
        kafka.subscribe(topics, new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
              commitUncommitted();
            } catch (RuntimeException e) {
              log.warn("Offsets of {} handled but not committed before a rebalance ({}): they will be delivered again", subscriptionId, e.toString());
              uncommitted.keySet().removeAll(partitions);
            }
            listener.onPartitionsRevoked(partitions);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            listener.onPartitionsAssigned(partitions);
          }

          /** Lost, not revoked: another member owns them already, and redelivers what was not committed. */
          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            uncommitted.keySet().removeAll(partitions);
            listener.onPartitionsLost(partitions);
          }
        });
        return null;
      });
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
      return closedIfFailing(() -> kafka.partitionsFor(topic));
    }

    /** Eventuate checks its topics and subscribes when it starts; a consumer whose start fails it drops, not closes. */
    private <T> T closedIfFailing(Supplier<T> starting) {
      try {
        return starting.get();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public void pause(Set<TopicPartition> partitions) {
      kafka.pause(partitions);
    }

    @Override
    public void resume(Set<TopicPartition> partitions) {
      kafka.resume(partitions);
    }
  }
}
