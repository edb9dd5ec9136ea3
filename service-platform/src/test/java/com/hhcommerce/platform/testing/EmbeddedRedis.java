package com.hhcommerce.platform.testing;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real redis-server (from the embedded-redis jar) for a service's tests, on a free port of the loopback, saving
 * nothing to disk. It can be stopped and started again on the same port, for outage tests.
 */
public final class EmbeddedRedis {

  public static final String HOST = "127.0.0.1";

  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(int port) throws IOException {
    this.port = port;
    this.server = RedisServer.newRedisServer().port(port).bind(HOST).setting("save \"\"").build();
  }

  /** A new server on a free port, running. */
  public static EmbeddedRedis started() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      EmbeddedRedis redis = new EmbeddedRedis(port);
      redis.start();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded Redis", e);
    }
  }

  public int port() {
    return port;
  }

  public void start() throws IOException {
    server.start();
  }

  public void stop() throws IOException {
    server.stop();
  }
}
