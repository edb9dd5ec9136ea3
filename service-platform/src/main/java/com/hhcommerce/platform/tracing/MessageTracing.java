package com.hhcommerce.platform.tracing;

import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.common.MessageInterceptor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the trace across the bus: a message sent is a PRODUCER span whose W3C trace context travels in the
 * message's headers (through the outbox, the CDC and Kafka, which pass headers on unread), and a message handled is a
 * CONSUMER span, child of the sender's, in scope while the handler runs, so that what the handler sends and logs
 * belongs to the same trace. An order's messages name their order and saga ({@link #ORDER_ID_HEADERS},
 * {@link #SAGA_ID_HEADERS}): both go into the span's tags and the log lines' MDC (orderId, sagaId).
 *
 * <p>A message sent with no span current (a deadline's re-send, an operator's re-drive) continues the trace its headers
 * already carry; one that carries none (a bus probe) starts no trace, and a message handled without one gets no span.
 */
public class MessageTracing implements MessageInterceptor {

  /** The order id header of a saga command (stamped by the saga), of its reply (copied by the participant), of an order event. */
  public static final String COMMAND_ORDER_ID = "command_hh_order_id";
  public static final String EVENT_ORDER_ID = "hh_order_id";
  static final List<String> ORDER_ID_HEADERS = List.of(COMMAND_ORDER_ID, "commandreply_hh_order_id", EVENT_ORDER_ID);
  /** Eventuate Tram Sagas 0.25's saga id header on a command, and as a participant copies it onto the reply. */
  static final List<String> SAGA_ID_HEADERS = List.of("command_saga_id", "commandreply_saga_id");
  static final String ORDER_ID_MDC = "orderId";
  static final String SAGA_ID_MDC = "sagaId";

  private static final Logger log = LoggerFactory.getLogger(MessageTracing.class);

  private final Tracer tracer;
  private final Propagator propagator;
  private final ThreadLocal<Span> sending = new ThreadLocal<>();
  private final ThreadLocal<Handling> handling = new ThreadLocal<>();

  private record Handling(Span span, Tracer.SpanInScope scope, Map<String, String> previousMdc) {
  }

  public MessageTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void preSend(Message message) {
    Span current = tracer.currentSpan();
    if (current == null && !traced(message)) {
      return;
    }
    Span.Builder builder = current != null ? tracer.spanBuilder().setParent(current.context())
        : propagator.extract(message, MessageTracing::header);
    Span span = correlated(builder.name("send " + message.getHeader(Message.DESTINATION).orElse("?")).kind(Span.Kind.PRODUCER), message).start();
    propagator.inject(span.context(), message, Message::setHeader);
    sending.set(span);
  }

  @Override
  public void postSend(Message message, Exception e) {
    Span span = sending.get();
    sending.remove();
    if (span != null) {
      if (e != null) {
        span.error(e);
      }
      span.end();
    }
  }

  @Override
  public void preHandle(String subscriberId, Message message) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    Span span = null;
    Tracer.SpanInScope scope = null;
    if (traced(message)) {
      span = correlated(propagator.extract(message, MessageTracing::header).name("handle " + subscriberId)
          .kind(Span.Kind.CONSUMER).tag("messaging.consumer.group.name", subscriberId), message).start();
      scope = tracer.withSpan(span);
    }
    header(message, ORDER_ID_HEADERS).ifPresent(id -> MDC.put(ORDER_ID_MDC, id));
    header(message, SAGA_ID_HEADERS).ifPresent(id -> MDC.put(SAGA_ID_MDC, id));
    handling.set(new Handling(span, scope, previous));
    log.debug("Handling message {} for {}", message.getId(), subscriberId);
  }

  @Override
  public void postHandle(String subscriberId, Message message, Throwable throwable) {
    Handling done = handling.get();
    handling.remove();
    if (done == null) {
      return;
    }
    if (done.span() != null) {
      done.scope().close();
      if (throwable != null) {
        done.span().error(throwable);
      }
      done.span().end();
    }
    if (done.previousMdc() == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(done.previousMdc());
    }
  }

  /** The message carries a trace context in a header of the propagation's (W3C traceparent, B3 ...). */
  private boolean traced(Message message) {
    return propagator.fields().stream().anyMatch(field -> message.getHeader(field).isPresent());
  }

  private static Span.Builder correlated(Span.Builder span, Message message) {
    message.getHeader(Message.ID).ifPresent(id -> span.tag("messaging.message.id", id));
    message.getHeader(Message.DESTINATION).ifPresent(destination -> span.tag("messaging.destination.name", destination));
    header(message, ORDER_ID_HEADERS).ifPresent(id -> span.tag("hh.order.id", id));
    header(message, SAGA_ID_HEADERS).ifPresent(id -> span.tag("hh.saga.id", id));
    return span;
  }

  private static Optional<String> header(Message message, List<String> names) {
    return names.stream().map(message::getHeader).flatMap(Optional::stream).findFirst();
  }

  private static String header(Message message, String name) {
    return message.getHeader(name).orElse(null);
  }
}
