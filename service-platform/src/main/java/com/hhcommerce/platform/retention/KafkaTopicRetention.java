package com.hhcommerce.platform.retention;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks the broker for each topic's effective settings (the topic's own, else the broker's defaults, as Kafka applies
 * them): how long it keeps a record.
 */
public class KafkaTopicRetention implements RedeliveryWindow.TopicSettings {

  private static final int TIMEOUT_MS = 3000;
  private final Admin admin;

  public KafkaTopicRetention(Admin admin) {
    this.admin = admin;
  }

  @Override
  public Map<String, RedeliveryWindow.TopicRetention> describe(Set<String> topics) throws Exception {
    List<ConfigResource> resources = topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(TIMEOUT_MS))
        .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    Map<String, RedeliveryWindow.TopicRetention> settings = new HashMap<>();
    configs.forEach((topic, config) -> settings.put(topic.name(), new RedeliveryWindow.TopicRetention(
        Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value()),
        Long.parseLong(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()),
        config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value().contains(TopicConfig.CLEANUP_POLICY_DELETE))));
    return settings;
  }
}
