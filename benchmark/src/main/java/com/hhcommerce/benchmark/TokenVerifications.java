package com.hhcommerce.benchmark;

import com.hhcommerce.stack.StackHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The access tokens the services have verified and the CPU time it took them, summed over the services: each counts
 * both in its own metrics (hh_security_token_verifications_total, hh_security_token_verification_cpu_seconds_total),
 * read here with the operator's token, since metrics are the operator's.
 */
record TokenVerifications(double count, double cpuSeconds) {

  static final TokenVerifications NONE = new TokenVerifications(0, 0);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  static TokenVerifications read(List<String> serviceUrls, StackHttp operator) {
    double count = 0;
    double cpu = 0;
    String authorization = operator.authorization();
    for (String url : serviceUrls) {
      String metrics = scrape(url + "/actuator/prometheus", authorization);
      count += sum(metrics, "hh_security_token_verifications_total");
      cpu += sum(metrics, "hh_security_token_verification_cpu_seconds_total");
    }
    return new TokenVerifications(count, cpu);
  }

  TokenVerifications minus(TokenVerifications before) {
    return new TokenVerifications(count - before.count, cpuSeconds - before.cpuSeconds);
  }

  private static double sum(String metrics, String name) {
    return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static String scrape(String url, String authorization) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
