package com.hhcommerce.platform.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The web contract every service shares (hh.web.*).
 *
 * @param maxRequestBody no request body over this is read (413, RequestBodyGate): the largest a client needs is
 * an order of 50 lines, a few KB (environment HH_WEB_MAX_REQUEST_BODY)
 */
@Validated
@ConfigurationProperties("hh.web")
public record WebContractProperties(@NotNull @DefaultValue("1MB") DataSize maxRequestBody) {
}
