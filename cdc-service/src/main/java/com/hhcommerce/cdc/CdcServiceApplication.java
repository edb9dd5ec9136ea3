package com.hhcommerce.cdc;

import io.eventuate.tram.cdc.connector.pipeline.CdcTramPipelineConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Import;

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
public class CdcServiceApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(CdcServiceApplication.class);
    // Topics must exist before the pipelines start: the CDC's publisher fails on a missing topic.
    application.addListeners(new TopicCreator());
    application.run(args);
  }
}
