package com.hhcommerce.stack.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's network on one host without containers: every compose service gets an address of its own on loopback
 * (127.0.77.n; Linux routes the whole of 127/8 to it), its host name resolves there in the JVMs given
 * {@link #hostsFile()} (the JDK's jdk.net.hosts.file), and a port a server answers elsewhere is forwarded from that
 * address, as is a port compose publishes on the host.
 */
public final class LoopbackNetwork implements AutoCloseable {

  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final Path hostsFile;

  LoopbackNetwork(List<String> hostNames, Path folder) throws IOException {
    int n = 1;
    for (String name : hostNames) {
      addresses.put(name, "127.0.77." + n++);
    }
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
    // a container resolves its own host name; here every process shares the machine's, which stays on loopback
    hosts.append("127.0.0.1 ").append(machineName()).append('\n');
    addresses.forEach((name, address) -> hosts.append(address).append(' ').append(name).append('\n'));
    Files.createDirectories(folder);
    hostsFile = folder.resolve("hosts");
    Files.writeString(hostsFile, hosts);
  }

  Path hostsFile() {
    return hostsFile;
  }

  String address(String hostName) {
    String address = addresses.get(hostName);
    if (address == null) {
      throw new IllegalArgumentException("no address for " + hostName);
    }
    return address;
  }

  /** Connections to hostName:port are carried to the local port where the server really listens. */
  void forward(String hostName, int port, int localPort) throws IOException {
    forward(address(hostName), port, "127.0.0.1", localPort);
  }

  /** A port compose publishes on the host: connections to 127.0.0.1:hostPort reach the service's own address. */
  void publish(int hostPort, String hostName, int containerPort) throws IOException {
    forward("127.0.0.1", hostPort, address(hostName), containerPort);
  }

  private void forward(String listenAddress, int listenPort, String targetAddress, int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), listenPort));
    listeners.add(listener);
    Thread acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          Socket server = new Socket();
          try {
            server.connect(new InetSocketAddress(targetAddress, targetPort), 2_000);
          } catch (IOException refused) {
            client.close(); // as a container that does not listen: the connection ends
            server.close();
            continue;
          }
          client.setTcpNoDelay(true);
          server.setTcpNoDelay(true);
          pump(client, server);
          pump(server, client);
        } catch (IOException e) {
          // the listener closed, or one connection failed: the others go on
        }
      }
    }, "forward-" + listenAddress + ":" + listenPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "pump");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    listeners.forEach(listener -> {
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing
      }
    });
  }
}
