package com.hhcommerce.benchmark;

import com.hhcommerce.stack.StackSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Empties the stack's mail server once a minute while the saga runs. GreenMail keeps every mail in its heap (96 MB):
 * at 16 orders a second it holds ~3,000 mails after five minutes, so a long warm-up would fill it, and its collector's
 * growing work would be billed to the saga as the mail server's CPU. A real mail server hands mails on. Nothing is
 * purged when the stack mails through an outside server.
 */
final class MailboxPurge implements AutoCloseable {

  private static final Duration EVERY = Duration.ofMinutes(1);

  private final ScheduledExecutorService timer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI purge;
  private final PrintStream out;

  private MailboxPurge(StackSettings settings, PrintStream out) {
    this.purge = URI.create("http://127.0.0.1:" + settings.mailApiPort() + "/api/mail/purge");
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mailbox-purge");
      thread.setDaemon(true);
      return thread;
    });
  }

  static MailboxPurge start(StackSettings settings, PrintStream out) {
    MailboxPurge purge = new MailboxPurge(settings, out);
    if (settings.externalMail().isEmpty()) {
      purge.timer.scheduleWithFixedDelay(purge::purge, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }
    return purge;
  }

  private void purge() {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(purge).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        out.println("The mail server refused to purge its mails: HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      out.println("Purging the mail server's mails failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
