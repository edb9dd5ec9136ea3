package com.hhcommerce.ranking;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.ZoneId;

/**
 * The ranking (hh.ranking.*). The values are in application.properties; rebuilding the ranking from the events means
 * starting a ranking-service under a fresh subscriber id and key prefix (README), e.g. with HH_RANKING_SUBSCRIBER_ID
 * and HH_RANKING_KEY_PREFIX.
 *
 * @param subscriberId the consumer group that reads order-events and product-events
 * @param keyPrefix the start of every Redis key the ranking writes
 * @param zone the shop's zone: a day of the ranking starts at midnight there
 */
@Validated
@ConfigurationProperties("hh.ranking")
public record RankingProperties(@NotBlank String subscriberId, @NotNull String keyPrefix, @NotNull ZoneId zone) {
}
