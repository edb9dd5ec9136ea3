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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes Eventuate's Kafka consumers poll for eventuate.local.kafka.consumer.poll-timeout. eventuate-messaging-kafka
 * 0.20's EventuateKafkaConsumer reads that setting and then polls for a fixed 100 ms: an idle subscriber woke ten
 * times a second, and with it the offset commit and back-pressure check that follow each poll. A poll returns as soon
 * as records arrive, so no message waits longer; what waits, by at most one poll timeout, is the commit of offsets
 * handled after the last poll (a crash in between redelivers them, and duplicate detection drops them) and the
 * resumption of a paused partition.
 * <p>
 * Eventuate's stop only sets a flag that its poll loop reads between polls, so a service stopping mid-poll would exit
 * before its consumers commit and leave their groups, and their partitions would wait for the group's session timeout.
 * When the service stops, this factory wakes every consumer out of its poll and waits (a bounded time) until each has
 * closed.
 */
final class ConfiguredPollTimeout implements KafkaConsumerFactory, DisposableBean {

  private static final Duration CLOSING = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ConfiguredPollTimeout.class);

  private final Function<Properties, Consumer<String, byte[]>> kafka;
  private final Duration pollTimeout;
  private final Set<PollingFor> open = ConcurrentHashMap.newKeySet();

  ConfiguredPollTimeout(Duration pollTimeout) {
    this(KafkaConsumer::new, pollTimeout);
  }

  ConfiguredPollTimeout(Function<Properties, Consumer<String, byte[]>> kafka, Duration pollTimeout) {
    this.kafka = kafka;
    this.pollTimeout = pollTimeout;
  }

  @Override
  public KafkaMessageConsumer makeConsumer(String subscriptionId, Properties properties) {
    PollingFor consumer = new PollingFor(subscriptionId, kafka.apply(properties), pollTimeout, open::remove);
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

  /** A Kafka consumer as Eventuate uses it, each poll the configured length (never shorter than asked). */
  static final class PollingFor implements KafkaMessageConsumer {

    private final String subscriptionId;
    private final Consumer<String, byte[]> kafka;
    private final Duration pollTimeout;
    private final java.util.function.Consumer<PollingFor> onClose;
    private final CountDownLatch closed = new CountDownLatch(1);

    PollingFor(String subscriptionId, Consumer<String, byte[]> kafka, Duration pollTimeout, java.util.function.Consumer<PollingFor> onClose) {
      this.subscriptionId = subscriptionId;
      this.kafka = kafka;
      this.pollTimeout = pollTimeout;
      this.onClose = onClose;
    }

    /** A wake-up (the service stopping) ends the poll with nothing: the loop then reads its stop flag. */
    @Override
    public ConsumerRecords<String, byte[]> poll(Duration asked) {
      try {
        return kafka.poll(asked.compareTo(pollTimeout) >= 0 ? asked : pollTimeout);
      } catch (WakeupException stopping) {
        return ConsumerRecords.empty();
      }
    }

    /** A wake-up meant for the poll may reach the commit that follows it instead: the commit is made all the same. */
    @Override
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
      try {
        kafka.commitSync(offsets);
      } catch (WakeupException stopping) {
        kafka.commitSync(offsets);
      }
    }

    @Override
    public void close() {
      try {
        kafka.close();
      } finally {
        closed();
      }
    }

    @Override
    public void close(Duration timeout) {
      try {
        kafka.close(timeout);
      } finally {
        closed();
      }
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
      closedIfFailing(() -> {
        kafka.subscribe(topics);
        return null;
      });
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
      closedIfFailing(() -> {
        kafka.subscribe(topics, listener);
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
