package com.hhcommerce.platform.messaging;

/** Each participant registers this on its command channel next to its business commands. */
public class PingHandler {

  private final String serviceName;

  public PingHandler(String serviceName) {
    this.serviceName = serviceName;
  }

  public Pong pong() {
    return new Pong(serviceName, System.currentTimeMillis());
  }
}
