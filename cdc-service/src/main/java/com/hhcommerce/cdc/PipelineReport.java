package com.hhcommerce.cdc;

import io.eventuate.local.unified.cdc.pipeline.common.properties.RawUnifiedCdcProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/** One plain line per pipeline at start-up: which outbox it tails, through which binlog reader. */
@Component
class PipelineReport {

  private static final Logger log = LoggerFactory.getLogger(PipelineReport.class);
  private final RawUnifiedCdcProperties properties;

  PipelineReport(RawUnifiedCdcProperties properties) {
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    Map<String, Map<String, Object>> readers = properties.getReader() == null ? Map.of() : properties.getReader();
    properties.getPipeline().forEach((name, pipeline) -> {
      Object readerName = value(pipeline, "reader");
      Map<String, Object> reader = readers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(String.valueOf(readerName)))
          .map(Map.Entry::getValue).findFirst().orElse(Map.of());
      log.info("CDC pipeline '{}' started: {}.message -> Kafka via reader '{}' ({}); the reader logs its binlog starting offset",
          name, value(pipeline, "eventuateDatabaseSchema"), readerName, value(reader, "dataSourceUrl"));
    });
  }

  // The CDC reads these keys case-insensitively, and environment variables arrive in lower case.
  private static Object value(Map<String, Object> map, String key) {
    return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }
}
