package com.hhcommerce.stack.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A compose file as ComposeIT reads it through docker-compose config: each form of value the deployment uses. */
class ComposeFileTest {

  @TempDir
  Path folder;

  @Test
  void valuesAreReadAsComposeResolvesThem() throws Exception {
    Path file = write("""
        x-env: &env
          FROM_ANCHOR: "yes"
        services:
          app:
            build: ./app
            environment:
              <<: *env
              SECRET: ${SECRET:?set it}
              DEFAULTED: ${UNSET:-fallback}
              PORT: 8080
            ports:
              - "18100-18109:8080"
            mem_limit: 768m
            stop_grace_period: 1m30s
            depends_on:
              db:
                condition: service_healthy
            healthcheck:
              test: ["CMD-SHELL", "true"]
              interval: 500ms
              start_period: 3m
            volumes:
              - ./init.sh:/docker-entrypoint-initdb.d/1-init.sh:ro
          db:
            image: mariadb:11.4
            profiles: ["try-it"]
            ports:
              - "127.0.0.1:13306:3306"
        """, "SECRET=it's a \\\\ secret\n");
    ComposeFile compose = ComposeFile.read(file, folder.resolve(".env"));
    ComposeFile.ComposeService app = compose.service("app");
    assertThat(app.environment()).containsEntry("FROM_ANCHOR", "yes").containsEntry("SECRET", "it's a \\\\ secret")
        .containsEntry("DEFAULTED", "fallback").containsEntry("PORT", "8080");
    assertThat(app.build()).contains(folder.resolve("app"));
    assertThat(app.firstPublishedPorts()).containsExactly(Map.entry(8080, 18100));
    assertThat(compose.service("db").firstPublishedPorts()).containsExactly(Map.entry(3306, 13306));
    assertThat(app.memoryLimit()).contains(768L << 20);
    assertThat(app.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(app.dependsOn()).containsExactly(Map.entry("db", "service_healthy"));
    assertThat(app.healthcheckCommand()).isEqualTo(List.of("sh", "-c", "true"));
    assertThat(app.healthcheckDuration("interval", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(app.healthcheckDuration("start_period", Duration.ZERO)).isEqualTo(Duration.ofMinutes(3));
    assertThat(app.mounts()).containsEntry("/docker-entrypoint-initdb.d/1-init.sh", folder.resolve("init.sh"));
    assertThat(compose.service("db").profiles()).containsExactly("try-it");
  }

  @Test
  void aRequiredVariableLeftEmptyIsRefusedWithItsMessage() throws Exception {
    Path file = write("""
        services:
          app:
            image: x
            environment:
              SECRET: ${SECRET:?set SECRET in .env}
        """, "SECRET=\n");
    assertThatThrownBy(() -> ComposeFile.read(file, folder.resolve(".env"))).hasMessageContaining("set SECRET in .env");
  }

  private Path write(String compose, String dotEnv) throws Exception {
    Files.createDirectories(folder.resolve("app"));
    Files.writeString(folder.resolve(".env"), dotEnv);
    return Files.writeString(folder.resolve("docker-compose.yml"), compose);
  }
}
