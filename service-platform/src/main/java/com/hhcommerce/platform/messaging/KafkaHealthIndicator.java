package com.hhcommerce.platform.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.concurrent.TimeUnit;

/** Reports whether the broker the service consumes from answers; Eventuate itself exposes no such check. */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

  private static final int TIMEOUT_MS = 3000;
  private final String bootstrapServers;
  private final Admin admin;

  public KafkaHealthIndicator(String bootstrapServers, Admin admin) {
    super("Kafka health check failed");
    this.bootstrapServers = bootstrapServers;
    this.admin = admin;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
    int brokers = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
    builder.up()
        .withDetail("bootstrapServers", bootstrapServers)
        .withDetail("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .withDetail("brokers", brokers);
  }
}
