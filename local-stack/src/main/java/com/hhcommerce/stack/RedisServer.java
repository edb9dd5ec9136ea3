package com.hhcommerce.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis as an ordinary process, so that it can be stopped, killed and restarted like any other: the machine's own
 * Redis 7 or later when it has one (Debian's redis-server, maintained with security fixes, or valkey-server, on the
 * PATH), else the redis-server 6.2 that embedded-redis ships in a Maven jar, copied out once, so that a JDK is still
 * enough. Every write reaches the disk before it is acknowledged (appendfsync always), as MariaDB's commits do: a
 * kill -9 loses nothing the ranking counted, and the Kafka offsets it committed stay true.
 */
final class RedisServer {

  /** The binary's name inside the embedded-redis jar. */
  private static final String BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private RedisServer() {
  }

  /** A Redis or Valkey server of major version 7 or later on the PATH, if the machine has one. */
  static Optional<Path> installedServer(String path) {
    for (String name : List.of("valkey-server", "redis-server")) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && majorVersion(candidate) >= 7) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** "Redis server v=7.0.15 sha=…" or "Valkey server v=8.0.1 …"; 0 when it says neither. */
  private static int majorVersion(Path server) {
    try {
      Process version = new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
      String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      version.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      Matcher v = Pattern.compile("v=(\\d+)\\.").matcher(said);
      return v.find() ? Integer.parseInt(v.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static ManagedProcess prepare(StackSettings settings) {
    Path root = settings.home().resolve("redis");
    Path binary = installedServer(String.valueOf(System.getenv("PATH"))).orElse(root.resolve("bin/redis-server"));
    try {
      if (!Files.isExecutable(binary)) {
        Files.createDirectories(binary.getParent());
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BINARY)) {
          if (in == null) {
            throw new StackException(BINARY + " is not on the class path (com.github.codemonstur:embedded-redis)");
          }
          Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!binary.toFile().setExecutable(true)) {
          throw new StackException("Cannot make " + binary + " executable");
        }
      }
      Files.createDirectories(root.resolve("data"));
    } catch (IOException e) {
      throw new StackException("Redis could not be unpacked into " + root + ": " + e.getMessage(), e);
    }
    int port = settings.redisPort();
    List<String> command = List.of(binary.toString(),
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--dir", root.resolve("data").toString(),
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--save", "",
        "--maxmemory", "256mb",
        // the ranking's keys all expire; none may be evicted early
        "--maxmemory-policy", "noeviction");
    return new ManagedProcess("redis", command, Map.of(), settings.logs().resolve("redis.log"), port,
        () -> answersPing(settings.redisHost(), port));
  }

  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int read = socket.getInputStream().read(reply);
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
