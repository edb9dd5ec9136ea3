package com.hhcommerce.platform.retention;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka topics this service consumes (Eventuate's channels), as its message consumer subscribes to them: the
 * topics whose records Kafka could deliver again ({@link RedeliveryWindow}).
 */
public class SubscribedTopics {

  private final Set<String> topics = ConcurrentHashMap.newKeySet();

  public void subscribed(Collection<String> channels) {
    topics.addAll(channels);
  }

  public Set<String> all() {
    return Set.copyOf(topics);
  }
}
