package com.hhcommerce.order.web;

import com.hhcommerce.order.domain.Order;
import com.hhcommerce.order.domain.Orders;
import com.hhcommerce.order.saga.SagaStepLog;
import com.hhcommerce.platform.domain.DomainRefusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An order's progress pushed to its client as Server-Sent Events: the order as GET /orders/{id} shows it first
 * ("status"), then each entry of its saga's step log as it is written ("step", with the entry's id as the event
 * id), a "status" again whenever the saga's state changes, and the stream ends once the saga has ended.
 * Last-Event-ID resumes after the step entry of that id.
 * <p>
 * The replies of an order's saga may be handled by any order-service instance, so the events come from the
 * database, not from this JVM: each instance reads, for the orders its own clients watch, the step log entries
 * newer than those sent (one query per poll for all of them), every hh.orders.live.poll-interval. The step log is
 * written in the transaction of the progress it records, so what is sent has happened.
 */
@Component
public class OrderProgressStreams {

  private static final Logger log = LoggerFactory.getLogger(OrderProgressStreams.class);

  /** One step of the saga, as the customer's client sees it. */
  public record StepEvent(String step, boolean compensation, String kind, String participant, String outcome, String reason,
                          Instant at) {
  }

  /** One client's stream of one order: what it was sent last. Sends are serialised per stream. */
  private static final class Stream {
    private final long orderId;
    private final SseEmitter emitter;
    private long lastEntryId;
    private String lastSagaState;
    private boolean done;

    private Stream(long orderId, SseEmitter emitter, long lastEntryId) {
      this.orderId = orderId;
      this.emitter = emitter;
      this.lastEntryId = lastEntryId;
    }
  }

  private final Orders orders;
  private final SagaStepLog stepLog;
  private final Map<Long, Set<Stream>> streams = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final int maxConnections;
  private final Duration timeout;

  public OrderProgressStreams(Orders orders, SagaStepLog stepLog, MeterRegistry meters,
                              LiveStatusSettings settings) {
    this.orders = orders;
    this.stepLog = stepLog;
    this.maxConnections = settings.maxConnections();
    this.timeout = settings.timeout();
    Gauge.builder("hh.orders.live.connections", open, AtomicInteger::get)
        .description("Clients following an order's progress on this instance").register(meters);
  }

  /** A stream of the order, from its current state (or after the step entry lastEventId); refused when the order does not exist or the instance is full. */
  public SseEmitter follow(long orderId, Long lastEventId) {
    // the position before the state: an entry written in between is sent by the next poll, never skipped
    long sentUpTo = lastEventId != null ? lastEventId : stepLog.lastEntryId(orderId);
    Order order = orders.find(orderId).orElseThrow(() -> DomainRefusal.unknown("order", orderId));
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      throw DomainRefusal.unavailable("too-many-followers", "This instance already streams %d orders; try again shortly or poll GET /orders/%d"
          .formatted(maxConnections, orderId), Duration.ofSeconds(5));
    }
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    Stream stream = new Stream(orderId, emitter, sentUpTo);
    emitter.onCompletion(() -> forget(stream));
    emitter.onTimeout(() -> {
      synchronized (stream) {
        close(stream);
      }
    });
    emitter.onError(e -> forget(stream));
    streams.compute(orderId, (id, followers) -> {
      Set<Stream> all = followers == null ? ConcurrentHashMap.newKeySet() : followers;
      all.add(stream);
      return all;
    });
    synchronized (stream) {
      sendStatus(stream, order);
      if (lastEventId != null) {
        sendSteps(stream, stepLog.after(List.of(orderId), lastEventId));
      }
      if (order.sagaState().isFinal()) {
        close(stream);
      }
    }
    return emitter;
  }

  @Scheduled(fixedDelayString = "${hh.orders.live.poll-interval}")
  void poll() {
    if (streams.isEmpty()) {
      return;
    }
    long after = streams.values().stream().flatMap(Set::stream).mapToLong(s -> s.lastEntryId).min().orElse(0);
    Map<Long, List<SagaStepLog.Entry>> entries = stepLog.after(streams.keySet(), after).stream()
        .collect(Collectors.groupingBy(SagaStepLog.Entry::orderId));
    entries.forEach((orderId, ofOrder) -> {
      Set<Stream> followers = streams.getOrDefault(orderId, Set.of());
      if (followers.isEmpty()) {
        return;
      }
      Order order = orders.find(orderId).orElseThrow();
      for (Stream stream : followers) {
        synchronized (stream) {
          sendSteps(stream, ofOrder);
          if (!order.sagaState().name().equals(stream.lastSagaState)) {
            sendStatus(stream, order);
          }
          if (order.sagaState().isFinal()) {
            close(stream);
          }
        }
      }
    });
  }

  private void sendStatus(Stream stream, Order order) {
    send(stream, SseEmitter.event().name("status").data(OrderView.of(order), MediaType.APPLICATION_JSON));
    stream.lastSagaState = order.sagaState().name();
  }

  private void sendSteps(Stream stream, List<SagaStepLog.Entry> entries) {
    for (SagaStepLog.Entry entry : entries) {
      if (entry.id() > stream.lastEntryId) {
        send(stream, SseEmitter.event().id(String.valueOf(entry.id())).name("step").data(new StepEvent(entry.step(), entry.compensation(),
            entry.kind().name(), entry.participant(), entry.outcome(), entry.reason(), entry.at()), MediaType.APPLICATION_JSON));
        stream.lastEntryId = entry.id();
      }
    }
  }

  private void send(Stream stream, SseEmitter.SseEventBuilder event) {
    if (stream.done) {
      return;
    }
    try {
      stream.emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      log.debug("Order {}: a follower went away: {}", stream.orderId, e.toString());
      stream.done = true;
      forget(stream);
    }
  }

  /** The order's saga ended, or the stream reached its time limit: the client may reconnect with Last-Event-ID. */
  private void close(Stream stream) {
    if (!stream.done) {
      stream.done = true;
      stream.emitter.complete();
    }
    forget(stream);
  }

  private void forget(Stream stream) {
    streams.computeIfPresent(stream.orderId, (id, followers) -> {
      if (followers.remove(stream)) {
        open.decrementAndGet();
      }
      return followers.isEmpty() ? null : followers;
    });
  }
}
