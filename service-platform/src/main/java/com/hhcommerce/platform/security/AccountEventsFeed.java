package com.hhcommerce.platform.security;

import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.events.common.EventMessageHeaders;
import io.eventuate.tram.messaging.common.MessageImpl;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Feeds {@link DisabledAccounts} from the account events ({@link AccountEvents}). Each instance of each service reads
 * every partition itself (no consumer group: every instance must learn every disabling, not a share of them), starting
 * one token lifetime back, so that an instance started after a disabling still refuses the account's unexpired tokens.
 * The service takes requests once it has read up to the end of the topic as it was at start.
 */
public final class AccountEventsFeed implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AccountEventsFeed.class);
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final String bootstrapServers;
  private final String clientId;
  private final DisabledAccounts disabled;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running;
  private Thread reader;

  public AccountEventsFeed(String bootstrapServers, String clientId, DisabledAccounts disabled) {
    this.bootstrapServers = bootstrapServers;
    this.clientId = clientId;
    this.disabled = disabled;
  }

  /** Before the web server takes requests: a token must not pass for want of the events already written. */
  @Override
  public int getPhase() {
    return 0;
  }

  @Override
  public void start() {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // the CDC creates its topics with their partition count; an early reader must not create this one first
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
        // a fetch waits this long for a record that then answers it at once: few idle requests to the broker
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    running = true;
    reader = new Thread(this::read, "account-events");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!caughtUp.await(CATCH_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Could not read " + AccountEvents.CHANNEL + " from Kafka at " + bootstrapServers
            + " within " + CATCH_UP_LIMIT + ": the disabled accounts are unknown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the account events", e);
    }
  }

  /** Keeps reading through Kafka's outages and errors: a service that stopped learning disablings would not know. */
  private void read() {
    Map<TopicPartition, Long> startEnds = null;
    try {
      while (running) {
        try {
          if (startEnds == null) {
            startEnds = assign();
          }
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
            apply(record);
          }
          if (caughtUp.getCount() > 0 && reached(startEnds)) {
            caughtUp.countDown();
          }
        } catch (WakeupException e) {
          return; // stop() asked
        } catch (RuntimeException e) {
          log.warn("Reading {} failed; trying again in {}", AccountEvents.CHANNEL, RETRY, e);
          Thread.sleep(RETRY.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close();
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  /** Every partition of the topic, once the CDC has made it, from one token lifetime back; the ends at that moment. */
  private Map<TopicPartition, Long> assign() throws InterruptedException {
    List<PartitionInfo> partitions = consumer.partitionsFor(AccountEvents.CHANNEL);
    while (running && (partitions == null || partitions.isEmpty())) {
      log.info("Waiting for the topic {} to exist", AccountEvents.CHANNEL);
      Thread.sleep(RETRY.toMillis());
      partitions = consumer.partitionsFor(AccountEvents.CHANNEL);
    }
    List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(assigned);
    long since = disabled.rememberedSince().toEpochMilli();
    Map<TopicPartition, Long> times = new HashMap<>();
    assigned.forEach(partition -> times.put(partition, since));
    Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times);
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
    for (TopicPartition partition : assigned) {
      OffsetAndTimestamp offset = from.get(partition);
      consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
    }
    return ends;
  }

  private void apply(ConsumerRecord<String, String> record) {
    try {
      MessageImpl message = JSonMapper.fromJson(record.value(), MessageImpl.class);
      if (AccountEvents.ACCOUNT_DISABLED.equals(message.getHeaders().get(EventMessageHeaders.EVENT_TYPE))) {
        AccountEvents.AccountDisabled event = JSonMapper.fromJson(message.getPayload(), AccountEvents.AccountDisabled.class);
        disabled.disabled(String.valueOf(event.aggregateId()), Instant.parse(event.occurredAt()));
      }
    } catch (RuntimeException e) {
      log.error("An account event that cannot be read, at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
    }
  }

  @Override
  public void stop() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
