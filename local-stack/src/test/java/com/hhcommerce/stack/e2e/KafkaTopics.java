package com.hhcommerce.stack.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Reads the real topics from the beginning, as a new consumer group would. */
final class KafkaTopics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KafkaTopics() {
  }

  /** The first record of the topic whose value contains the text (a message id, an order id ...). */
  static ConsumerRecord<byte[], byte[]> find(String topic, String text) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealStack.stack().settings().kafkaBootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "e2e-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      return await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (value(record).contains(text)) {
            return record;
          }
        }
        return null;
      }, Objects::nonNull);
    }
  }

  static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  /** The Eventuate message id of the record (its JSON's ID header): what duplicate detection records. */
  static String messageId(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(value(record)).get("headers").get("ID").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Not an Eventuate message: " + value(record), e);
    }
  }

  /** Sends an identical copy of the record (key, value, headers) to the same partition: a redelivery. */
  static RecordMetadata republish(ConsumerRecord<byte[], byte[]> original) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealStack.stack().settings().kafkaBootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      return producer.send(new ProducerRecord<>(original.topic(), original.partition(), original.key(), original.value(),
          original.headers())).get(10, TimeUnit.SECONDS);
    }
  }

  /** The consumer group has committed past the record: it was delivered to the service and handled. */
  static void awaitConsumed(String groupId, RecordMetadata copy) {
    TopicPartition partition = new TopicPartition(copy.topic(), copy.partition());
    try (Admin admin = admin()) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS).get(partition);
        return committed != null && committed.offset() > copy.offset();
      });
    }
  }

  /**
   * Sets a consumer group's committed offsets, as an operator would with kafka-consumer-groups. The broker
   * accepts it only once the group has no live member, so this waits out a stopped or killed one.
   */
  static void moveConsumerGroup(String groupId, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
    try (Admin admin = admin()) {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .until(() -> admin.alterConsumerGroupOffsets(groupId, committed).all().get(10, TimeUnit.SECONDS) == null);
    }
  }

  /** An admin client of the stack's broker; the caller closes it. */
  /** Waits until the group has committed up to the topic's end as it is now (it handled every record before). */
  static void awaitCaughtUp(String groupId, String topic) {
    Map<TopicPartition, Long> ends = endOffsets(topic);
    try (var admin = admin()) {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
        var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
      });
    }
  }

  static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealStack.stack().settings().kafkaBootstrapServers()));
  }

  static Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealStack.stack().settings().kafkaBootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions);
    }
  }
}
