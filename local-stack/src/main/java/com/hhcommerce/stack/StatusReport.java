package com.hhcommerce.stack;

/** The table printed once the stack is healthy: where each process listens, its pid, memory and log. */
final class StatusReport {

  private StatusReport() {
  }

  static String of(LocalStack stack) {
    StringBuilder out = new StringBuilder();
    out.append("%nAll healthy after %.1f s.%n%n".formatted(stack.startupTime().toMillis() / 1000.0));
    out.append("%-24s %-28s %8s %9s  %s%n".formatted("process", "address", "pid", "RSS MB", "log"));
    for (ManagedProcess p : stack.processesInStartOrder()) {
      String address = switch (p.name()) {
        case "mariadb" -> "jdbc:mysql://127.0.0.1:" + p.port();
        case "kafka", "zookeeper" -> "127.0.0.1:" + p.port();
        case "redis" -> "redis://127.0.0.1:" + p.port();
        case OutsideServers.MAIL -> "smtp://127.0.0.1:" + p.port();
        default -> "http://127.0.0.1:" + p.port();
      };
      out.append("%-24s %-28s %8d %9d  %s%n".formatted(p.name(), address, p.pid(), p.residentMemoryKb() / 1024, p.logFile()));
    }
    out.append("%-24s %-28s %8s %9d%n".formatted("total", "", "", stack.residentMemoryKb() / 1024));
    out.append("%nSwagger UI: http://127.0.0.1:%d/swagger-ui.html (order-service; each service has its own)%n"
        .formatted(stack.settings().servicePort(Service.ORDER)));
    if (stack.settings().externalMail().isEmpty()) {
      out.append("Mails sent to customers: http://127.0.0.1:%d/api/user/<email>/messages/INBOX (the mail server's API; all mailboxes: /api/user)%n"
          .formatted(stack.settings().mailApiPort()));
    }
    String platform = stack.settings().dataPlatformUrl();
    out.append(platform.isEmpty() ? "Data platform relay: off%n".formatted()
        : stack.settings().externalDataPlatform().isPresent() ? "Order events go to the data platform at %s%n".formatted(platform)
        : "Order events received by the data platform stand-in: http://127.0.0.1:%d/__admin/requests%n".formatted(stack.settings().dataPlatformPort()));
    return out.toString();
  }
}
