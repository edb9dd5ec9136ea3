package com.hhcommerce.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

final class Ports {

  private Ports() {
  }

  static boolean inUse(int port) {
    return accepts(port);
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
