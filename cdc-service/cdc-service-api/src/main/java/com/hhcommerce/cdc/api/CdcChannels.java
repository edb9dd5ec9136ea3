package com.hhcommerce.cdc.api;

/** The CDC's own topic, beside the services' channels that it publishes to. */
public final class CdcChannels {

  /** The publishing watchdog's probes: written to the CDC's own outbox, read back from this topic. */
  public static final String PROBE = "hh-cdc-probe";

  private CdcChannels() {
  }
}
