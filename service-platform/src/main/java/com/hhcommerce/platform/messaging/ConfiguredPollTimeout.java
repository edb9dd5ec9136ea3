package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.DefaultKafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaMessageConsumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Makes Eventuate's Kafka consumers poll for eventuate.local.kafka.consumer.poll-timeout. eventuate-messaging-kafka
 * 0.20's EventuateKafkaConsumer reads that setting and then polls for a fixed 100 ms: an idle subscriber woke ten
 * times a second, and with it the offset commit and back-pressure check that follow each poll. A poll returns as soon
 * as records arrive, so no message waits longer; what waits, by at most one poll timeout, is the commit of offsets
 * handled after the last poll (a crash in between redelivers them, and duplicate detection drops them), the resumption
 * of a paused partition, and the end of the poll loop when the service stops.
 */
final class ConfiguredPollTimeout implements KafkaConsumerFactory {

  private final KafkaConsumerFactory eventuates;
  private final Duration pollTimeout;

  ConfiguredPollTimeout(Duration pollTimeout) {
    this(new DefaultKafkaConsumerFactory(), pollTimeout);
  }

  ConfiguredPollTimeout(KafkaConsumerFactory eventuates, Duration pollTimeout) {
    this.eventuates = eventuates;
    this.pollTimeout = pollTimeout;
  }

  @Override
  public KafkaMessageConsumer makeConsumer(String subscriptionId, Properties properties) {
    return new PollingFor(eventuates.makeConsumer(subscriptionId, properties), pollTimeout);
  }

  /** Eventuate's consumer, with each poll the configured length (never shorter than asked). */
  record PollingFor(KafkaMessageConsumer consumer, Duration pollTimeout) implements KafkaMessageConsumer {

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration asked) {
      return consumer.poll(asked.compareTo(pollTimeout) >= 0 ? asked : pollTimeout);
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
      consumer.assign(partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
      consumer.seekToEnd(partitions);
    }

    @Override
    public long position(TopicPartition partition) {
      return consumer.position(partition);
    }

    @Override
    public void seek(TopicPartition partition, long position) {
      consumer.seek(partition, position);
    }

    @Override
    public void subscribe(List<String> topics) {
      consumer.subscribe(topics);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
      consumer.subscribe(topics, listener);
    }

    @Override
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
      consumer.commitOffsets(offsets);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
      return consumer.partitionsFor(topic);
    }

    @Override
    public void pause(Set<TopicPartition> partitions) {
      consumer.pause(partitions);
    }

    @Override
    public void resume(Set<TopicPartition> partitions) {
      consumer.resume(partitions);
    }

    @Override
    public void close() {
      consumer.close();
    }

    @Override
    public void close(Duration timeout) {
      consumer.close(timeout);
    }
  }
}
