package com.hhcommerce.cdc.api;

/** How cdc-service ends, for the supervisor that decides whether to start it again. */
public final class CdcExitCodes {

  /** Its publishing watchdog found it stalled: start it again (it resumes from its saved binlog offset). */
  public static final int RESTART_ME = 3;

  private CdcExitCodes() {
  }
}
