package com.hhcommerce.platform.messaging;

import io.eventuate.tram.consumer.common.DuplicateMessageDetector;
import io.eventuate.tram.consumer.common.NoopDuplicateMessageDetector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Imported by a service whose every message handler is idempotent by itself: no received_messages row, and no
 * database transaction, per consumed message. Eventuate's SQL detector backs off when this bean exists. The
 * importing class says why its handlers are idempotent; a test of it must prove that a redelivery and a replay
 * change nothing.
 */
@Configuration
public class NoDuplicateDetection {

  @Bean
  DuplicateMessageDetector duplicateMessageDetector() {
    return new NoopDuplicateMessageDetector();
  }
}
