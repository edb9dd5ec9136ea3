package com.hhcommerce.relay.notification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The customer's email about an order, over SMTP (hh.mail.*). The values are in application.properties, which also
 * hands host and port to Spring's mail sender (spring.mail.host, spring.mail.port) with its timeouts.
 *
 * @param host the mail server (HH_MAIL_HOST)
 * @param port its SMTP port (HH_MAIL_PORT)
 * @param from the sender of every mail
 */
@Validated
@ConfigurationProperties("hh.mail")
public record OrderMailProperties(@NotBlank String host, @NotNull Integer port, @NotBlank String from) {
}
