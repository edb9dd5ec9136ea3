package com.hhcommerce.cdc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConstructorBinding;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The CDC's own settings (hh.cdc.*, beside the watchdog's and the outbox retention's). Values with an environment
 * variable are in application.properties; the others have their defaults here. Boot 2.6 binds a record only when
 * told ({@code @ConstructorBinding}), and this application has no Bean Validation: a missing value is refused here.
 *
 * @param db the CDC's own database (its lag and publishing probes) and the account it reads the binlog with
 * @param dbWaitSeconds how long a starting CDC waits for the database to answer before it gives up
 * @param topics the topics created before any pipeline starts (HH_CDC_TOPICS): every command, reply and event channel,
 * since the CDC's publisher fails on the first message to a missing topic
 * @param topicPartitions partitions of each topic created (HH_CDC_TOPIC_PARTITIONS): a consumer group's members share
 * them, so this bounds the useful instances of a service
 * @param topicReplicationFactor replicas of each topic created
 * @param kafkaWaitSeconds how long a starting CDC waits for Kafka to create the topics before it gives up
 * @param offsetSaveInterval how often at most the reader's binlog position is written to Kafka
 * (HH_CDC_OFFSET_SAVE_INTERVAL; CoalescingOffsetStore): a CDC killed in between resumes up to this much earlier and
 * publishes those messages again; PT0S writes it at every binlog event, as Eventuate does
 * @param zookeeper the CDC's ZooKeeper client
 */
@ConstructorBinding
@ConfigurationProperties(CdcProperties.PREFIX)
public record CdcProperties(Db db, @DefaultValue("60") int dbWaitSeconds, @DefaultValue List<String> topics, Integer topicPartitions,
                            @DefaultValue("1") short topicReplicationFactor, @DefaultValue("60") int kafkaWaitSeconds,
                            Duration offsetSaveInterval, Zookeeper zookeeper) {

  static final String PREFIX = "hh.cdc";

  public CdcProperties {
    Objects.requireNonNull(db, PREFIX + ".db.* is not set");
    Objects.requireNonNull(topicPartitions, PREFIX + ".topic-partitions is not set");
    Objects.requireNonNull(offsetSaveInterval, PREFIX + ".offset-save-interval is not set");
    Objects.requireNonNull(zookeeper, PREFIX + ".zookeeper.session-timeout-ms is not set");
  }

  /** As bound from the environment, for what runs before the application's beans exist (listeners, post-processors). */
  static CdcProperties from(Environment environment) {
    return Binder.get(environment).bind(PREFIX, CdcProperties.class)
        .orElseThrow(() -> new IllegalStateException(PREFIX + ".* is not set"));
  }

  /**
   * @param url the JDBC URL of the CDC's own database (cdc), on the server whose binlog it reads
   * @param user the CDC's database account
   * @param password its password (HH_CDC_DB_PASSWORD)
   */
  @ConstructorBinding
  public record Db(String url, String user, String password) {
    public Db {
      Objects.requireNonNull(url, PREFIX + ".db.url is not set");
      Objects.requireNonNull(user, PREFIX + ".db.user is not set");
      Objects.requireNonNull(password, PREFIX + ".db.password is not set");
    }
  }

  /**
   * @param sessionTimeoutMs the ZooKeeper session, in milliseconds (Curator's default is 60 s): after a crash, a
   * restarted CDC waits for the dead session's leader lock to expire before it reads
   */
  @ConstructorBinding
  public record Zookeeper(Integer sessionTimeoutMs) {
    public Zookeeper {
      Objects.requireNonNull(sessionTimeoutMs, PREFIX + ".zookeeper.session-timeout-ms is not set");
    }
  }
}
