package com.hhcommerce.platform.messaging;

import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumer;
import io.eventuate.messaging.kafka.basic.consumer.EventuateKafkaConsumerConfigurationProperties;
import io.eventuate.messaging.kafka.basic.consumer.KafkaConsumerFactory;
import io.eventuate.messaging.kafka.basic.consumer.KafkaMessageConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Eventuate's own poll loop, over a Kafka consumer that records each poll's length and returns nothing. */
class ConfiguredPollTimeoutTest {

  private final BlockingQueue<Duration> polls = new LinkedBlockingQueue<>();
  private final KafkaMessageConsumer kafka = mock(KafkaMessageConsumer.class);

  ConfiguredPollTimeoutTest() {
    when(kafka.poll(any())).thenAnswer(call -> {
      polls.add(call.getArgument(0));
      return ConsumerRecords.empty();
    });
  }

  @Test
  void eventuateAlonePollsForAHundredMillisecondsWhateverItsSettingSays() throws Exception {
    assertThat(firstPollOf((id, properties) -> kafka)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void throughTheFactoryEachPollIsTheConfiguredLength() throws Exception {
    assertThat(firstPollOf(new ConfiguredPollTimeout((id, properties) -> kafka, Duration.ofMillis(1000))))
        .isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void aLongerPollThanTheConfiguredOneIsKept() {
    new ConfiguredPollTimeout.PollingFor(kafka, Duration.ofSeconds(1)).poll(Duration.ofSeconds(5));

    assertThat(polls).containsExactly(Duration.ofSeconds(5));
  }

  private Duration firstPollOf(KafkaConsumerFactory factory) throws InterruptedException {
    EventuateKafkaConsumerConfigurationProperties settings = new EventuateKafkaConsumerConfigurationProperties(Map.of());
    settings.setPollTimeout(1000);
    EventuateKafkaConsumer consumer = new EventuateKafkaConsumer("subscriber", (record, callback) -> null, List.of("topic"),
        "localhost:1", settings, factory);
    consumer.start();
    try {
      return polls.poll(10, TimeUnit.SECONDS);
    } finally {
      consumer.stop();
    }
  }
}
