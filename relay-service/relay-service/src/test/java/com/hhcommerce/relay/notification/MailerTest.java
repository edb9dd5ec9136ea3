package com.hhcommerce.relay.notification;

import com.hhcommerce.order.api.OrderRejected;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the mailer tries again, against a scripted SMTP server: connecting, as nothing has been handed over yet;
 * never the hand-over itself, which the server may have taken though its answer was lost. And which connections it
 * keeps between mails.
 */
class MailerTest {

  private static final OrderMailProperties.Connections KEPT = new OrderMailProperties.Connections(20, Duration.ofSeconds(30));

  @Test
  void aMailWhoseAnswerIsLostIsNotHandedOverAgain() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.LOSE_THE_ANSWER)) {
      Mailer mailer = mailerFor(server, KEPT);
      assertThatThrownBy(() -> mailer.send(mail(), "lost@example.com")).isInstanceOf(MailSendException.class);

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.mails.get()).as("the server took the mail").isEqualTo(1));
      assertThat(server.connections.get()).as("no second try").isEqualTo(1);
      assertThat(mailer.idleConnections()).as("the connection is not kept").isZero();
    }
  }

  /** The precondition of the test above: the retry is there, and it does retry what fails before the hand-over. */
  @Test
  void aServerThatRefusesTheConnectionIsTriedThreeTimes() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.REFUSE)) {
      assertThatThrownBy(() -> mailerFor(server, KEPT).send(mail(), "busy@example.com")).isInstanceOf(MailSendException.class);

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.connections.get()).isEqualTo(3));
      assertThat(server.mails.get()).isZero();
    }
  }

  @Test
  void mailsOneAfterTheOtherShareAConnection() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER)) {
      Mailer mailer = mailerFor(server, KEPT);
      for (int i = 0; i < 5; i++) {
        mailer.send(mail(), "kept@example.com");
      }

      assertThat(server.mails.get()).isEqualTo(5);
      assertThat(server.connections.get()).isEqualTo(1);
      assertThat(server.noops.get()).as("each kept connection asked before its next mail").isEqualTo(4);
    }
  }

  @Test
  void aConnectionTheServerDroppedWhileIdleIsReplacedBeforeAnythingIsHandedOver() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER_THEN_HANG_UP)) {
      Mailer mailer = mailerFor(server, KEPT);
      mailer.send(mail(), "first@example.com");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.hangUps.get()).isEqualTo(1));
      assertThat(mailer.idleConnections()).as("the dropped connection is still kept").isEqualTo(1);

      mailer.send(mail(), "second@example.com");

      assertThat(server.mails.get()).isEqualTo(2);
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  /** A server that stops answering costs the next mail one NOOP, not one per connection kept from before it. */
  @Test
  void onceAKeptConnectionFailsToAnswerEveryOlderOneIsReplacedWithoutAsking() throws Exception {
    int atOnce = 10; // more than commons-pool2 keeps idle by default
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER)) {
      Mailer mailer = mailerFor(server, KEPT);
      server.holdAnswersUntil(atOnce);
      ExecutorService senders = Executors.newFixedThreadPool(atOnce);
      try {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < atOnce; i++) {
          sent.add(senders.submit(() -> mailer.send(mail(), "crowd@example.com")));
        }
        for (Future<?> each : sent) {
          each.get(10, TimeUnit.SECONDS);
        }
      } finally {
        senders.shutdownNow();
      }
      assertThat(mailer.idleConnections()).as("every connection kept").isEqualTo(atOnce);

      server.refuseNoops();
      mailer.send(mail(), "after@example.com");

      assertThat(server.noops.get()).as("one kept connection asked").isEqualTo(1);
      assertThat(server.connections.get()).isEqualTo(atOnce + 1);
      assertThat(server.mails.get()).isEqualTo(atOnce + 1);
      assertThat(mailer.idleConnections()).as("the new one only").isEqualTo(1);
    }
  }

  @Test
  void aConnectionCarriesAtMostMaxMails() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER)) {
      Mailer mailer = mailerFor(server, new OrderMailProperties.Connections(2, Duration.ofSeconds(30)));
      for (int i = 0; i < 5; i++) {
        mailer.send(mail(), "capped@example.com");
      }

      assertThat(server.mails.get()).isEqualTo(5);
      assertThat(server.connections.get()).isEqualTo(3);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.quits.get()).as("each full connection said goodbye").isEqualTo(2));
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterMaxIdle() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER)) {
      Mailer mailer = mailerFor(server, new OrderMailProperties.Connections(20, Duration.ofSeconds(1)));
      mailer.send(mail(), "idle@example.com");
      assertThat(server.quits.get()).isZero();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.quits.get()).isEqualTo(1));
      assertThat(mailer.idleConnections()).isZero();
    }
  }

  @Test
  void stoppingTheServiceClosesKeptConnectionsAndAMailStillBeingSentLeavesOnItsOwn() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(Script.ANSWER)) {
      Mailer mailer = mailerFor(server, KEPT);
      mailer.send(mail(), "before@example.com");
      assertThat(mailer.idleConnections()).isEqualTo(1);

      mailer.destroy();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.quits.get()).isEqualTo(1));
      mailer.send(mail(), "during@example.com");

      assertThat(server.mails.get()).isEqualTo(2);
      assertThat(server.connections.get()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.quits.get()).as("closed after its mail").isEqualTo(2));
    }
  }

  /** The seed's breaker and retry (application.properties), on the scripted server. */
  private static Mailer mailerFor(ScriptedSmtpServer server, OrderMailProperties.Connections connections) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(server.port());
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", "2000");
    timeouts.put("mail.smtp.timeout", "3000");
    timeouts.put("mail.smtp.quitwait", "false");
    sender.setJavaMailProperties(timeouts);
    RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(3)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
        .ignoreExceptions(CallNotPermittedException.class).build());
    return new Mailer(sender, new OrderMailProperties("127.0.0.1", server.port(), "orders@hh-commerce.local", connections),
        CircuitBreakerRegistry.ofDefaults(), retries);
  }

  private static OrderMail mail() {
    return OrderMail.of(new OrderRejected(UUID.randomUUID().toString(), "OrderRejected", "order-events", 7,
        "2026-12-02T10:00:00Z", "c", 3, "OUT_OF_STOCK", "Not enough stock"));
  }

  private enum Script {
    /** Refuses every connection at its greeting (421), as a busy server does. */
    REFUSE,
    /** Takes the mail's data, then hangs up instead of answering, as a connection lost after the server stored the mail. */
    LOSE_THE_ANSWER,
    /** Takes mail after mail on a connection, until the client says goodbye. */
    ANSWER,
    /** Takes one mail and confirms it, then hangs up, as a server closing a connection left idle. */
    ANSWER_THEN_HANG_UP
  }

  /** Speaks just enough SMTP for the scripts above, each connection in a thread of its own. */
  private static final class ScriptedSmtpServer implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger mails = new AtomicInteger();
    final AtomicInteger noops = new AtomicInteger();
    final AtomicInteger quits = new AtomicInteger();
    final AtomicInteger hangUps = new AtomicInteger();
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Script script;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile boolean refusingNoops;

    ScriptedSmtpServer(Script script) throws IOException {
      this.script = script;
      Thread acceptor = new Thread(this::serve, "scripted-smtp");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    /** The next {@code mails} mails are confirmed only once all of them are in: that many connections at once. */
    void holdAnswersUntil(int mails) {
      held = new CountDownLatch(mails);
    }

    /** From now on a NOOP is answered 421, as a server closing down answers. */
    void refuseNoops() {
      refusingNoops = true;
    }

    private void serve() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          connections.incrementAndGet();
          Thread conversation = new Thread(() -> {
            try (client) {
              converse(client);
            } catch (IOException e) {
              // the client went away
            }
          }, "scripted-smtp-conversation");
          conversation.setDaemon(true);
          conversation.start();
        } catch (IOException e) {
          // closed by the test
        }
      }
    }

    private void converse(Socket client) throws IOException {
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = client.getOutputStream();
      if (script == Script.REFUSE) {
        reply(out, "421 busy, try later");
        return;
      }
      reply(out, "220 scripted ESMTP");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
        switch (verb) {
          case "EHLO", "HELO", "MAIL", "RCPT", "RSET" -> reply(out, "250 OK");
          case "NOOP" -> {
            noops.incrementAndGet();
            if (refusingNoops) {
              reply(out, "421 closing down");
              return;
            }
            reply(out, "250 OK");
          }
          case "DATA" -> {
            reply(out, "354 end with .");
            if (!readData(in)) {
              return;
            }
            mails.incrementAndGet();
            if (script == Script.LOSE_THE_ANSWER) {
              return; // stored, and the answer never sent
            }
            CountDownLatch hold = held;
            hold.countDown();
            try {
              hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            reply(out, "250 queued");
            if (script == Script.ANSWER_THEN_HANG_UP) {
              hangUps.incrementAndGet();
              return;
            }
          }
          case "QUIT" -> {
            quits.incrementAndGet();
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
    }

    /** The mail's data up to its lone dot: false when the client went away before it. */
    private static boolean readData(BufferedReader in) throws IOException {
      for (String data = in.readLine(); data != null; data = in.readLine()) {
        if (data.equals(".")) {
          return true;
        }
      }
      return false;
    }

    private static void reply(OutputStream out, String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
