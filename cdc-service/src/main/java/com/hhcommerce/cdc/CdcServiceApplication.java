package com.hhcommerce.cdc;

import io.eventuate.tram.cdc.connector.pipeline.CdcTramPipelineConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Eventuate CDC service as a small application of our own: the packaged service is not on Maven
 * Central, its libraries are. Readers and pipelines come from properties (eventuate.cdc.reader.*,
 * eventuate.cdc.pipeline.*), so the same jar serves the local MariaDB and a MySQL 8 deployment.
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class,
    RedisAutoConfiguration.class,
    RedisRepositoriesAutoConfiguration.class})
@Import(CdcTramPipelineConfiguration.class)
@EnableScheduling
@EnableConfigurationProperties({CdcProperties.class, WatchdogProperties.class, OutboxRetentionProperties.class})
public class CdcServiceApplication {

  /**
   * Replaces the library's ZooKeeper client to shorten its session (the library keeps Curator's 60 s):
   * after a crash, a restarted CDC waits for the dead session's leader lock to expire before it reads.
   */
  @Bean(destroyMethod = "close")
  public CuratorFramework curatorFramework(@Value("${eventuatelocal.zookeeper.connection.string}") String connectionString,
                                           CdcProperties settings) {
    int sessionTimeoutMs = settings.zookeeper().sessionTimeoutMs();
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connectionString)
        .sessionTimeoutMs(sessionTimeoutMs)
        .connectionTimeoutMs(Math.min(sessionTimeoutMs, 15000))
        .retryPolicy(new ExponentialBackoffRetry(100, 29))
        .build();
    client.start();
    return client;
  }

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(CdcServiceApplication.class);
    // Before any reader starts: a server whose binlog the CDC would misread is refused with the reason,
    // and topics must exist because the CDC's publisher fails on a missing topic.
    application.addListeners(new BinlogSettingsCheck(), new TopicCreator());
    application.run(args);
  }
}
