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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the mailer tries again, against a scripted SMTP server: connecting, as nothing has been handed over yet;
 * never the hand-over itself, which the server may have taken though its answer was lost.
 */
class MailerTest {

  @Test
  void aMailWhoseAnswerIsLostIsNotHandedOverAgain() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(false)) {
      assertThatThrownBy(() -> mailerFor(server).send(mail(), "lost@example.com")).isInstanceOf(MailSendException.class);

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.mails.get()).as("the server took the mail").isEqualTo(1));
      assertThat(server.connections.get()).as("no second try").isEqualTo(1);
    }
  }

  /** The precondition of the test above: the retry is there, and it does retry what fails before the hand-over. */
  @Test
  void aServerThatRefusesTheConnectionIsTriedThreeTimes() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(true)) {
      assertThatThrownBy(() -> mailerFor(server).send(mail(), "busy@example.com")).isInstanceOf(MailSendException.class);

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.connections.get()).isEqualTo(3));
      assertThat(server.mails.get()).isZero();
    }
  }

  /** The seed's breaker and retry (application.properties), on the scripted server. */
  private static Mailer mailerFor(ScriptedSmtpServer server) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(server.port());
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", "2000");
    timeouts.put("mail.smtp.timeout", "3000");
    sender.setJavaMailProperties(timeouts);
    RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(3)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
        .ignoreExceptions(CallNotPermittedException.class).build());
    return new Mailer(sender, new OrderMailProperties("127.0.0.1", server.port(), "orders@hh-commerce.local"),
        CircuitBreakerRegistry.ofDefaults(), retries);
  }

  private static OrderMail mail() {
    return OrderMail.of(new OrderRejected(UUID.randomUUID().toString(), "OrderRejected", "order-events", 7,
        "2026-12-02T10:00:00Z", "c", 3, "OUT_OF_STOCK", "Not enough stock"));
  }

  /**
   * Speaks just enough SMTP for one mail per connection: it takes the mail's data, then hangs up instead of
   * answering, as a connection lost after the server stored the mail. Or it refuses every connection at its
   * greeting (421), as a busy server does.
   */
  private static final class ScriptedSmtpServer implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger mails = new AtomicInteger();
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final boolean refusing;

    ScriptedSmtpServer(boolean refusing) throws IOException {
      this.refusing = refusing;
      Thread acceptor = new Thread(this::serve, "scripted-smtp");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          connections.incrementAndGet();
          converse(client);
        } catch (IOException e) {
          // closed by the test, or the client went away: the next connection starts afresh
        }
      }
    }

    private void converse(Socket client) throws IOException {
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = client.getOutputStream();
      if (refusing) {
        reply(out, "421 busy, try later");
        return;
      }
      reply(out, "220 scripted ESMTP");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
        switch (verb) {
          case "EHLO", "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
          case "DATA" -> {
            reply(out, "354 end with .");
            for (String data = in.readLine(); data != null; data = in.readLine()) {
              if (data.equals(".")) {
                mails.incrementAndGet();
                return; // stored, and the answer never sent
              }
            }
            return;
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
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
