package com.hhcommerce.platform.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How many records each subscriber's consumer group has still to read, measured by the broker (committed offset
 * against the partition's end), so that a consumer that has fallen behind, or stopped, shows as a number that grows:
 * hh_messages_consumer_lag{subscriber}; under load it includes up to hh.messaging.offset-commit-interval of records
 * handled but not yet committed (ConfiguredPollTimeout). Eventuate's consumer group is the subscriber id. A partition the group has
 * never committed counts from its first record. NaN while Kafka cannot say.
 */
class ConsumerLag implements AutoCloseable {

  static final String LAG = "hh.messages.consumer.lag";
  private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

  private final Admin admin;
  private final MeterRegistry meters;
  private final Map<String, Set<String>> channelsBySubscriber = new ConcurrentHashMap<>();
  private final Map<String, Double> lagBySubscriber = new ConcurrentHashMap<>();
  private final ScheduledExecutorService measuring = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "consumer-lag");
    thread.setDaemon(true);
    return thread;
  });

  ConsumerLag(Admin admin, MeterRegistry meters, Duration interval) {
    this.admin = admin;
    this.meters = meters;
    measuring.scheduleWithFixedDelay(this::measureAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void subscribed(String subscriberId, Set<String> channels) {
    channelsBySubscriber.merge(subscriberId, Set.copyOf(channels),
        (known, more) -> Stream.concat(known.stream(), more.stream()).collect(Collectors.toUnmodifiableSet()));
    lagBySubscriber.putIfAbsent(subscriberId, Double.NaN);
    Gauge.builder(LAG, lagBySubscriber, lags -> lags.getOrDefault(subscriberId, Double.NaN)).tags("subscriber", subscriberId)
        .description("Records the subscriber's consumer group has still to read (committed offset to the partitions' end)")
        .register(meters);
  }

  void measureAll() {
    channelsBySubscriber.forEach((subscriberId, channels) -> {
      try {
        lagBySubscriber.put(subscriberId, (double) measure(subscriberId, channels));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // a scheduled task that throws is not run again: everything is caught
        lagBySubscriber.put(subscriberId, Double.NaN);
        log.debug("Consumer lag of {} not measured: {}", subscriberId, e.toString());
      }
    });
  }

  long measure(String subscriberId, Set<String> channels) throws Exception {
    Map<String, TopicDescription> topics = admin.describeTopics(channels).allTopicNames().get();
    Set<TopicPartition> partitions = topics.values().stream()
        .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
        .collect(Collectors.toSet());
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(subscriberId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    long lag = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata read = committed.get(partition);
      long from = read != null ? read.offset() : starts.get(partition);
      lag += Math.max(0, ends.get(partition) - from);
    }
    return lag;
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec))).all().get();
    return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  @Override
  public void close() {
    measuring.shutdownNow();
  }
}
