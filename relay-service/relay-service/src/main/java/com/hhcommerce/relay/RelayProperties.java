package com.hhcommerce.relay;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The relay's records of what it did (hh.relay.*). The value is in application.properties.
 *
 * @param keepRecords how long sent notifications and delivered events are kept before they are deleted in small
 * batches; events not yet delivered are never deleted
 */
@Validated
@ConfigurationProperties("hh.relay")
public record RelayProperties(@NotNull Duration keepRecords) {
}
