package com.hhcommerce.relay.dataplatform;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The external data platform, to which every order event is POSTed (hh.data-platform.*). The values are in
 * application.properties.
 *
 * @param url where each order event is POSTed (HH_DATA_PLATFORM_URL); empty switches the relay off
 * @param connectTimeout the longest wait to connect, per try
 * @param readTimeout the longest wait for the answer, per try
 * @param retryEvery how often the stored deliveries are looked at, and a failed one's first back-off, which doubles
 * per failed attempt up to the max
 * @param retryBatch stored deliveries one instance takes on per look
 * @param maxBackOff the longest wait before a failed delivery is tried again
 */
@Validated
@ConfigurationProperties("hh.data-platform")
public record DataPlatformProperties(@NotNull String url, @NotNull @DurationMin(millis = 1) Duration connectTimeout,
                                     @NotNull @DurationMin(millis = 1) Duration readTimeout,
                                     @NotNull @DurationMin(millis = 1) Duration retryEvery, @NotNull @Positive Integer retryBatch,
                                     @NotNull @DurationMin(millis = 1) Duration maxBackOff) {
}
