package com.hhcommerce.relay.notification;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a mail over SMTP behind the "notification" circuit breaker, in two steps. Getting a connection is retried
 * (the "notification" retry, inside the breaker's window): until then nothing has been handed over. Handing the mail
 * over is tried once: it may fail after the server took the mail (its answer lost), and a second try could
 * deliver it twice. The SMTP timeouts (spring.mail.properties) bound each step; while the breaker is open a
 * send fails at once with CallNotPermittedException.
 * <p>
 * Connections are pooled (commons-pool2): a connect, greeting, EHLO and QUIT per mail cost the relay and the mail
 * server more than the mail itself. A kept connection must answer NOOP before it carries a mail, so one the server
 * dropped while idle is replaced before anything is handed over; once one fails to answer, every connection kept
 * from before is replaced without asking, so a server that went away costs one SMTP timeout, not one per connection.
 * A connection whose hand-over failed is closed, never reused. After the service began to stop, each mail still
 * being sent gets a connection of its own.
 */
@Component
@EnableConfigurationProperties(OrderMailProperties.class)
public class Mailer implements DisposableBean {

  /** Lets a reader of the mailbox (a test, support) find the mail of an event. */
  public static final String EVENT_ID_HEADER = "X-Order-Event-Id";
  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final JavaMailSenderImpl sender;
  private final String from;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final GenericObjectPool<Transport> connections;
  private final AtomicLong unpooledConnections = new AtomicLong();
  /** When a kept connection last failed to answer: every connection opened before is replaced without asking. */
  private volatile Instant lastDropped = Instant.MIN;

  public Mailer(JavaMailSenderImpl sender, OrderMailProperties settings, CircuitBreakerRegistry breakers, RetryRegistry retries) {
    this.sender = sender;
    this.from = settings.from();
    this.breaker = breakers.circuitBreaker("notification");
    this.retry = retries.retry("notification");
    this.connections = new GenericObjectPool<>(new Connections(settings.connections().maxMails()), poolSettings(settings.connections()));
  }

  public void send(OrderMail mail, String recipient) {
    MimeMessage message = message(mail, recipient);
    Connection connection = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, this::connection)).get();
    boolean handedOver = false;
    try {
      breaker.executeRunnable(() -> handOver(connection.transport(), message));
      handedOver = true;
    } finally {
      release(connection, handedOver);
    }
  }

  /** Connections kept open now, for tests and support. */
  int idleConnections() {
    return connections.getNumIdle();
  }

  /** Connections opened since the start, for tests and support. */
  long connectionsOpened() {
    return connections.getCreatedCount() + unpooledConnections.get();
  }

  @Override
  public void destroy() {
    connections.close();
  }

  private static GenericObjectPoolConfig<Transport> poolSettings(OrderMailProperties.Connections settings) {
    GenericObjectPoolConfig<Transport> config = new GenericObjectPoolConfig<>();
    // as many as threads send at once, the relay's consumers: a send never waits for another's connection
    config.setMaxTotal(-1);
    config.setMaxIdle(-1);
    config.setTestOnBorrow(true);
    config.setMinEvictableIdleDuration(settings.maxIdle());
    config.setTimeBetweenEvictionRuns(settings.maxIdle().dividedBy(2));
    config.setNumTestsPerEvictionRun(-1); // every idle connection, each run
    config.setJmxEnabled(false);
    return config;
  }

  private Connection connection() {
    if (!connections.isClosed()) {
      try {
        return new Connection(connections.borrowObject(), true);
      } catch (MailException e) {
        throw e;
      } catch (Exception e) {
        if (!connections.isClosed()) {
          throw new MailSendException("No connection to the mail server", e);
        }
      }
    }
    Transport transport = connected();
    unpooledConnections.incrementAndGet();
    return new Connection(transport, false);
  }

  private MimeMessage message(OrderMail mail, String recipient) {
    MimeMessage message = sender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
      helper.setFrom(from);
      helper.setTo(recipient);
      helper.setSubject(mail.subject());
      helper.setText(mail.text());
      message.setHeader(EVENT_ID_HEADER, mail.eventId());
      message.setSentDate(new Date());
      message.saveChanges();
    } catch (MessagingException e) {
      throw new MailPreparationException(e);
    }
    return message;
  }

  /** What JavaMailSenderImpl does before it sends, as a step of its own. */
  private Transport connected() {
    try {
      Session session = sender.getSession();
      String protocol = sender.getProtocol() != null ? sender.getProtocol() : session.getProperty("mail.transport.protocol");
      Transport transport = session.getTransport(protocol != null ? protocol : JavaMailSenderImpl.DEFAULT_PROTOCOL);
      String username = StringUtils.hasLength(sender.getUsername()) ? sender.getUsername() : null;
      transport.connect(sender.getHost(), sender.getPort(), username, username == null ? null : sender.getPassword());
      return transport;
    } catch (AuthenticationFailedException e) {
      throw new MailAuthenticationException(e);
    } catch (MessagingException e) {
      throw new MailSendException("Mail server connection failed", e);
    }
  }

  private static void handOver(Transport transport, MimeMessage message) {
    try {
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException e) {
      throw new MailSendException("The mail server did not confirm the mail (it may have taken it all the same)", e);
    }
  }

  /** After the server confirmed the mail, a failed goodbye changes nothing. */
  private static void close(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      log.debug("Closing the SMTP connection failed: {}", e.toString());
    }
  }

  /** A connection for one mail: back to the pool after a confirmed hand-over, closed otherwise. */
  private record Connection(Transport transport, boolean pooled) {
  }

  private void release(Connection connection, boolean handedOver) {
    if (!connection.pooled()) {
      close(connection.transport());
      return;
    }
    try {
      if (handedOver) {
        connections.returnObject(connection.transport());
      } else {
        connections.invalidateObject(connection.transport());
      }
    } catch (Exception e) {
      log.debug("Releasing an SMTP connection failed: {}", e.toString());
    }
  }

  /** Opens, checks and closes the pool's connections. */
  private final class Connections extends BasePooledObjectFactory<Transport> {

    private final int maxMails;

    Connections(int maxMails) {
      this.maxMails = maxMails;
    }

    @Override
    public Transport create() {
      return connected();
    }

    @Override
    public PooledObject<Transport> wrap(Transport transport) {
      return new DefaultPooledObject<>(transport);
    }

    /** On each borrow, which counts as the connection's next mail: a new one was just greeted; a kept one must answer NOOP. */
    @Override
    public boolean validateObject(PooledObject<Transport> connection) {
      long mail = connection.getBorrowedCount();
      if (mail == 1) {
        return true;
      }
      if (mail > maxMails || !connection.getCreateInstant().isAfter(lastDropped)) {
        return false;
      }
      if (connection.getObject().isConnected()) {
        return true;
      }
      lastDropped = Instant.now();
      return false;
    }

    @Override
    public void destroyObject(PooledObject<Transport> connection) {
      close(connection.getObject());
    }
  }
}
