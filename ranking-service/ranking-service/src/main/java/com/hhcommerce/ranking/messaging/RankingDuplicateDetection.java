package com.hhcommerce.ranking.messaging;

import com.hhcommerce.platform.messaging.NoDuplicateDetection;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * No received_messages row per event: every effect of the ranking's handlers is idempotent by itself (an
 * order is counted by a Lua script that sets the event's marker in the same step; names are overwritten
 * with the same values), so Eventuate's per-message insert and transaction in MariaDB would only cost a
 * database round trip per order. RankingIT proves that a redelivered record and a replay of the topics from
 * offset 0 count nothing twice.
 */
@Configuration
@Import(NoDuplicateDetection.class)
class RankingDuplicateDetection {
}
