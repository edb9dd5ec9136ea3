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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import java.util.Date;

/**
 * Sends a mail over SMTP behind the "notification" circuit breaker, in two steps. Connecting is retried (the
 * "notification" retry, inside the breaker's window): until then nothing has been handed over. Handing the mail
 * over is tried once: it may fail after the server took the mail (its answer lost), and a second try could
 * deliver it twice. The SMTP timeouts (spring.mail.properties) bound each step; while the breaker is open a
 * send fails at once with CallNotPermittedException.
 */
@Component
@EnableConfigurationProperties(OrderMailProperties.class)
public class Mailer {

  /** Lets a reader of the mailbox (a test, support) find the mail of an event. */
  public static final String EVENT_ID_HEADER = "X-Order-Event-Id";
  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final JavaMailSenderImpl sender;
  private final String from;
  private final CircuitBreaker breaker;
  private final Retry retry;

  public Mailer(JavaMailSenderImpl sender, OrderMailProperties settings, CircuitBreakerRegistry breakers, RetryRegistry retries) {
    this.sender = sender;
    this.from = settings.from();
    this.breaker = breakers.circuitBreaker("notification");
    this.retry = retries.retry("notification");
  }

  public void send(OrderMail mail, String recipient) {
    MimeMessage message = message(mail, recipient);
    Transport transport = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, this::connected)).get();
    try {
      breaker.executeRunnable(() -> handOver(transport, message));
    } finally {
      close(transport);
    }
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
}
