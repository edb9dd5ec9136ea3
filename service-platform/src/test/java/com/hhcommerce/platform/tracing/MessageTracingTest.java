package com.hhcommerce.platform.tracing;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.eventuate.tram.messaging.common.Message;
import io.eventuate.tram.messaging.producer.MessageBuilder;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** With Brave and W3C propagation as the services run them; the spans as a reporter would receive them. */
class MessageTracingTest {

  private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
  private final Tracing tracing = Tracing.newBuilder()
      .currentTraceContext(ThreadLocalCurrentTraceContext.create())
      .propagationFactory(new W3CPropagation())
      .addSpanHandler(new SpanHandler() {
        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
          reported.add(span);
          return true;
        }
      }).build();
  private final Tracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()));
  private final MessageTracing messages = new MessageTracing(tracer, new BravePropagator(tracing));

  @AfterEach
  void close() {
    tracing.close();
    MDC.clear();
  }

  @Test
  void aMessageSentInASpanIsHandledInAChildSpanOfItsSendingWithTheOrderInTheLogContext() {
    Span request = tracer.nextSpan().name("POST /orders").start();
    Message command = message("inventory-service-commands").withHeader(MessageTracing.COMMAND_ORDER_ID, "42")
        .withHeader("command_saga_id", "saga-7").build();
    try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
      send(command);
    }
    request.end();
    assertThat(command.getHeader("traceparent")).as("W3C trace context in the headers").hasValueSatisfying(
        traceparent -> assertThat(traceparent).contains(request.context().traceId()));

    String[] duringHandling = new String[3];
    messages.preHandle("inventory-service-commands", command);
    duringHandling[0] = tracer.currentSpan().context().traceId();
    duringHandling[1] = MDC.get(MessageTracing.ORDER_ID_MDC);
    duringHandling[2] = MDC.get(MessageTracing.SAGA_ID_MDC);
    messages.postHandle("inventory-service-commands", command, null);

    assertThat(duringHandling).containsExactly(request.context().traceId(), "42", "saga-7");
    assertThat(MDC.get(MessageTracing.ORDER_ID_MDC)).as("the log context as before the handling").isNull();
    assertThat(tracer.currentSpan()).as("no span left in scope").isNull();
    MutableSpan sent = span("send inventory-service-commands");
    MutableSpan handled = span("handle inventory-service-commands");
    assertThat(sent.parentId()).isEqualTo(request.context().spanId());
    assertThat(handled.parentId()).as("the handling is the sending's child").isEqualTo(sent.id());
    assertThat(handled.traceId()).isEqualTo(request.context().traceId());
    assertThat(handled.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
    assertThat(handled.tags()).containsEntry("hh.order.id", "42").containsEntry("hh.saga.id", "saga-7");
  }

  @Test
  void aReSendWithoutASpanContinuesTheTraceItsHeadersCarry() {
    Span request = tracer.nextSpan().name("POST /orders").start();
    Message first = message("cart-service-commands").build();
    try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
      send(first);
    }
    Message copy = message("cart-service-commands").withHeader("traceparent", first.getRequiredHeader("traceparent")).build();
    send(copy);
    assertThat(reported).filteredOn(span -> span.name().equals("send cart-service-commands"))
        .extracting(MutableSpan::traceId).containsOnly(request.context().traceId()).hasSize(2);
  }

  @Test
  void aMessageWithoutATraceStartsNoneAndItsHandlingNoneButStillNamesItsOrder() {
    Message probe = message("order-service-ping-replies").withHeader("commandreply_hh_order_id", "9").build();
    send(probe);
    assertThat(probe.getHeader("traceparent")).isEmpty();
    messages.preHandle("order-service-ping-replies", probe);
    String order = MDC.get(MessageTracing.ORDER_ID_MDC);
    messages.postHandle("order-service-ping-replies", probe, new IllegalStateException("failed"));
    assertThat(order).isEqualTo("9");
    assertThat(reported).isEmpty();
  }

  private void send(Message message) {
    messages.preSend(message);
    messages.postSend(message, null);
  }

  private MutableSpan span(String name) {
    return reported.stream().filter(span -> name.equals(span.name())).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not reported: " + reported));
  }

  private static MessageBuilder message(String destination) {
    return MessageBuilder.withPayload("{}").withHeader(Message.DESTINATION, destination).withHeader(Message.ID, "m-" + System.nanoTime());
  }
}
