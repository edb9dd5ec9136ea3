package com.hhcommerce.order.simulation;

import io.eventuate.tram.consumer.common.MessageConsumerImplementation;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageImpl;
import io.eventuate.tram.messaging.consumer.MessageHandler;
import io.eventuate.tram.messaging.consumer.MessageSubscription;
import io.eventuate.tram.messaging.producer.common.MessageProducerImplementation;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The simulation's message bus, standing for the outboxes, the CDC and Kafka: every message a service sends is held,
 * one copy per consumer group subscribed to its channel (as Kafka keeps one offset per group), until the test
 * delivers it, delivers it again (a redelivery: same message id) or drops it (lost, or a consumer that crashed after
 * its transaction and before the bus learnt of it). A message sent in a transaction is held only once it commits, as
 * the outbox row and the CDC make it. Messages to a channel nobody in the simulation consumes (domain events) are
 * kept aside, for the laws to read. Everything runs on the caller's thread: a delivery returns once the handler has committed.
 * <p>
 * Kafka delivers the messages of one key (Eventuate's PARTITION_ID) to a consumer group in the order they were sent,
 * and the saga relies on it (a re-sent command and the undo of a stopped step share the key of the command they
 * repeat or undo); so by default only the {@link #deliverable()} messages, the first held of each key and group, may be
 * delivered. A dropped message is kept aside, as a consumer parks a message its handler cannot take: a person may
 * re-drive it later, which sends it again (same id) behind everything sent meanwhile. A bus may also be told to
 * reorder within a key ({@code inOrderPerKey(false)}), which Kafka never does.
 */
public final class HeldBus {

  /** One message waiting for one consumer group. */
  public record Held(long sequence, String sender, String subscriberId, Message message) {

    public String channel() {
      return message.getRequiredHeader(Message.DESTINATION);
    }

    /** Kafka's key: the order of messages is kept per key and consumer group. */
    String key() {
      return subscriberId + "/" + message.getHeader(Message.PARTITION_ID).orElse(message.getId());
    }

    /** What a schedule's step prints: which message, of which type, to whom. */
    public String describe() {
      String type = message.getHeader("command_type").or(() -> message.getHeader("reply_type"))
          .map(name -> name.substring(name.lastIndexOf('.') + 1)).orElse("message");
      return "#%d %s %s→%s".formatted(sequence, type, sender, subscriberId);
    }
  }

  /** A service's place on the bus: what its context's producer and consumer are made from. */
  public record Endpoint(HeldBus bus, String service) {
  }

  private record Subscription(String service, String subscriberId, Set<String> channels, MessageHandler handler) {
  }

  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Held> held = new ArrayList<>();
  private final List<Held> dropped = new ArrayList<>();
  private final Map<String, Subscription> subscribers = new LinkedHashMap<>();
  private final List<Message> unrouted = new ArrayList<>();
  private boolean inOrderPerKey = true;

  /** What one service sends through: held after its transaction commits. */
  public MessageProducerImplementation producer(String service) {
    return new MessageProducerImplementation() {
      @Override
      public void setMessageIdIfNecessary(Message message) {
        if (message.getHeader(Message.ID).isEmpty()) {
          // Eventuate's id shape (two hex longs); unique for the whole run, so no two services ever collide
          message.setHeader(Message.ID, "%016x-%016x".formatted(0x5_1A_0000L, ids.incrementAndGet()));
        }
      }

      @Override
      public void send(Message message) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
          hold(service, message);
          return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            hold(service, message);
          }
        });
      }
    };
  }

  /** What one service consumes through; closing it (the service stopping) ends its subscriptions. */
  public MessageConsumerImplementation consumer(String service) {
    return new MessageConsumerImplementation() {
      @Override
      public MessageSubscription subscribe(String subscriberId, Set<String> channels, MessageHandler handler) {
        synchronized (HeldBus.this) {
          Subscription existing = subscribers.get(subscriberId);
          if (existing != null && !existing.service().equals(service)) {
            throw new IllegalStateException("Subscriber " + subscriberId + " is already " + existing.service() + "'s");
          }
          // the framework subscribes a subscriber id once per handler class; every channel of it goes to one handler chain
          subscribers.put(subscriberId, new Subscription(service, subscriberId, Set.copyOf(channels), handler));
        }
        return () -> unsubscribe(subscriberId, service);
      }

      @Override
      public String getId() {
        return service;
      }

      @Override
      public void close() {
        synchronized (HeldBus.this) {
          subscribers.values().removeIf(s -> s.service().equals(service));
        }
      }
    };
  }

  private synchronized void unsubscribe(String subscriberId, String service) {
    subscribers.computeIfPresent(subscriberId, (id, s) -> s.service().equals(service) ? null : s);
  }

  private synchronized void hold(String sender, Message message) {
    String channel = message.getRequiredHeader(Message.DESTINATION);
    List<Subscription> groups = subscribers.values().stream().filter(s -> s.channels().contains(channel)).toList();
    if (groups.isEmpty()) {
      unrouted.add(message);
      return;
    }
    long at = sequence.incrementAndGet();
    groups.forEach(group -> held.add(new Held(at, sender, group.subscriberId(), message)));
  }

  public synchronized List<Held> held() {
    return List.copyOf(held);
  }

  /** What may be delivered next: the first held message of each key and consumer group (or any, when reordering). */
  public synchronized List<Held> deliverable() {
    if (!inOrderPerKey) {
      return List.copyOf(held);
    }
    Set<String> keys = new HashSet<>();
    return held.stream().filter(message -> keys.add(message.key())).toList();
  }

  /** Whether messages of one key reach their consumer group in the order sent (Kafka's guarantee; the default). */
  public synchronized void inOrderPerKey(boolean inOrder) {
    inOrderPerKey = inOrder;
  }

  public synchronized boolean isEmpty() {
    return held.isEmpty();
  }

  /** Removes the held message and hands it to its consumer group's handler, now. */
  public void deliver(Held message) {
    mayBeDelivered(message);
    take(message);
    dispatch(message);
  }

  /**
   * Hands the message to its consumer group and keeps it held: it will arrive again with the same id, as after a
   * consumer that handled it but crashed before committing its offset.
   */
  public void duplicate(Held message) {
    mayBeDelivered(message);
    dispatch(message);
  }

  private void mayBeDelivered(Held message) {
    if (!deliverable().contains(message)) {
      throw new IllegalArgumentException(message.describe() + " is behind an earlier message of its key");
    }
  }

  /** The message is not delivered: lost, or parked by its consumer, which goes on with the next. */
  public void drop(Held message) {
    take(message);
    synchronized (this) {
      dropped.add(message);
    }
  }

  public synchronized List<Held> dropped() {
    return List.copyOf(dropped);
  }

  /** A dropped (parked) message sent again as it was, behind every message held now: an operator's re-drive. */
  public synchronized void redrive(Held message) {
    if (!dropped.remove(message)) {
      throw new IllegalArgumentException("Not dropped: " + message.describe());
    }
    held.add(new Held(sequence.incrementAndGet(), message.sender(), message.subscriberId(), message.message()));
  }

  /** Delivers the first deliverable message that matches, if any. */
  public Optional<Held> deliverFirst(Predicate<Held> which) {
    Optional<Held> first = deliverable().stream().filter(which).findFirst();
    first.ifPresent(this::deliver);
    return first;
  }

  /** The messages sent to channels nobody in the simulation consumes: the domain events. */
  public synchronized List<Message> unrouted() {
    return List.copyOf(unrouted);
  }

  /** A new run: nothing held, and no subscriber forgotten. */
  public synchronized void clear() {
    held.clear();
    dropped.clear();
    unrouted.clear();
  }

  private synchronized void take(Held message) {
    if (!held.remove(message)) {
      throw new IllegalArgumentException("Not held: " + message.describe());
    }
  }

  private void dispatch(Held message) {
    Subscription group;
    synchronized (this) {
      group = subscribers.get(message.subscriberId());
    }
    if (group == null) {
      throw new IllegalStateException("No service consumes as " + message.subscriberId() + ": is it stopped?");
    }
    // each delivery its own copy, as each Kafka poll deserialises its own
    group.handler().accept(new MessageImpl(message.message().getPayload(), new HashMap<>(message.message().getHeaders())));
  }
}
