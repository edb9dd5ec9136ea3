package com.hhcommerce.relay.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The customer's email about an order, over SMTP (hh.mail.*). The values are in application.properties, which also
 * hands host and port to Spring's mail sender (spring.mail.host, spring.mail.port) with its timeouts.
 *
 * @param host the mail server (HH_MAIL_HOST)
 * @param port its SMTP port (HH_MAIL_PORT)
 * @param from the sender of every mail
 * @param connections how long an SMTP connection serves (hh.mail.connections.*)
 */
@Validated
@ConfigurationProperties("hh.mail")
public record OrderMailProperties(@NotBlank String host, @NotNull Integer port, @NotBlank String from,
                                  @Valid @DefaultValue Connections connections) {

  /**
   * An SMTP connection is kept open between mails, each mail its own transaction on it.
   *
   * @param maxMails mails one connection carries before it is closed: servers limit this (Exchange at 20 by
   *                 default) and refuse the next mail, which the mailer would not hand over again
   * @param maxIdle how long an unused connection stays open; servers close theirs after a few minutes of silence
   */
  public record Connections(@DefaultValue("20") @Positive int maxMails,
                            @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration maxIdle) {
  }
}
