package com.hhcommerce.relay.notification;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a mail over SMTP behind the "notification" circuit breaker, with the "notification" retry inside the
 * breaker's window; the SMTP timeouts (spring.mail.properties) bound each try. While the breaker is open a
 * send fails at once with CallNotPermittedException.
 */
@Component
@EnableConfigurationProperties(OrderMailProperties.class)
public class Mailer {

  /** Lets a reader of the mailbox (a test, support) find the mail of an event. */
  public static final String EVENT_ID_HEADER = "X-Order-Event-Id";

  private final JavaMailSender sender;
  private final String from;
  private final CircuitBreaker breaker;
  private final Retry retry;

  public Mailer(JavaMailSender sender, OrderMailProperties settings, CircuitBreakerRegistry breakers, RetryRegistry retries) {
    this.sender = sender;
    this.from = settings.from();
    this.breaker = breakers.circuitBreaker("notification");
    this.retry = retries.retry("notification");
  }

  public void send(OrderMail mail, String recipient) {
    MimeMessage message = sender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
      helper.setFrom(from);
      helper.setTo(recipient);
      helper.setSubject(mail.subject());
      helper.setText(mail.text());
      message.setHeader(EVENT_ID_HEADER, mail.eventId());
    } catch (MessagingException e) {
      throw new MailPreparationException(e);
    }
    Retry.decorateRunnable(retry, CircuitBreaker.decorateRunnable(breaker, () -> sender.send(message))).run();
  }
}
