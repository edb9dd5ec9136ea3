package com.hhcommerce.stack.compose;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose file as compose itself resolves it ({@code docker-compose --env-file … config}: .env read, variables
 * interpolated, anchors and merge keys applied, a required variable left unset refused), read into its services.
 */
public final class ComposeFile {

  private final Map<String, ComposeService> services = new LinkedHashMap<>();

  private ComposeFile() {
  }

  @SuppressWarnings("unchecked")
  public static ComposeFile read(Path file, Path dotEnv) throws IOException, InterruptedException {
    Process config = new ProcessBuilder("docker-compose", "--env-file", dotEnv.toString(), "-f", file.toString(), "config")
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    String resolved = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(config.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!config.waitFor(60, TimeUnit.SECONDS) || config.exitValue() != 0) {
      throw new IllegalStateException("docker-compose config refused " + file + ": " + errors);
    }
    Map<String, Object> compose = new Yaml().load(resolved);
    ComposeFile parsed = new ComposeFile();
    ((Map<String, Object>) compose.get("services")).forEach((name, definition) ->
        parsed.services.put(name, new ComposeService(name, (Map<String, Object>) definition)));
    return parsed;
  }

  public Map<String, ComposeService> services() {
    return services;
  }

  public ComposeService service(String name) {
    ComposeService service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("the compose file has no service " + name);
    }
    return service;
  }

  /** One service's definition, values as compose passes them (numbers as text). */
  public record ComposeService(String name, Map<String, Object> definition) {

    public Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      map("environment").forEach((key, value) -> environment.put(key, value == null ? "" : String.valueOf(value)));
      return environment;
    }

    /** The folder its image is built from (compose resolves it to an absolute path). */
    @SuppressWarnings("unchecked")
    public Optional<Path> build() {
      Object build = definition.get("build");
      if (build instanceof Map<?, ?> map) {
        return Optional.of(Path.of(String.valueOf(((Map<String, Object>) map).get("context"))));
      }
      return Optional.ofNullable(build).map(b -> Path.of(String.valueOf(b)));
    }

    public List<String> profiles() {
      return strings("profiles");
    }

    public List<String> command() {
      return strings("command");
    }

    /** The first host port of each published port ("18100-18109" publishes 8080 on 18100 for the first replica). */
    @SuppressWarnings("unchecked")
    public Map<Integer, Integer> firstPublishedPorts() {
      Map<Integer, Integer> published = new LinkedHashMap<>();
      Object ports = definition.get("ports");
      for (Object port : ports instanceof List<?> list ? list : List.of()) {
        if (port instanceof Map<?, ?> longForm) {
          Map<String, Object> mapping = (Map<String, Object>) longForm;
          String hostPorts = String.valueOf(mapping.get("published"));
          published.put(Integer.parseInt(String.valueOf(mapping.get("target"))), Integer.parseInt(hostPorts.split("-")[0]));
          continue;
        }
        Matcher m = Pattern.compile("(?:[0-9.]+:)?(\\d+)(?:-\\d+)?:(\\d+)(?:/\\w+)?").matcher(String.valueOf(port));
        if (!m.matches()) {
          throw new IllegalStateException(name + " publishes a port in a form not read here: " + port);
        }
        published.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
      }
      return published;
    }

    /** Each mount as source and target (compose resolves a bind mount's source to an absolute path). */
    @SuppressWarnings("unchecked")
    public Map<String, Path> mounts() {
      Map<String, Path> mounts = new LinkedHashMap<>();
      Object volumes = definition.get("volumes");
      for (Object volume : volumes instanceof List<?> list ? list : List.of()) {
        if (volume instanceof Map<?, ?> longForm) {
          Map<String, Object> mount = (Map<String, Object>) longForm;
          mounts.put(String.valueOf(mount.get("target")), Path.of(String.valueOf(mount.get("source"))));
        } else {
          String[] parts = String.valueOf(volume).split(":");
          mounts.put(parts[1], Path.of(parts[0]));
        }
      }
      return mounts;
    }

    /** The services this one waits for, with the condition it waits for (service_started, service_healthy). */
    @SuppressWarnings("unchecked")
    public Map<String, String> dependsOn() {
      Object dependsOn = definition.get("depends_on");
      Map<String, String> conditions = new LinkedHashMap<>();
      if (dependsOn instanceof List<?> names) {
        names.forEach(n -> conditions.put(String.valueOf(n), "service_started"));
      } else if (dependsOn instanceof Map<?, ?> map) {
        ((Map<String, Object>) map).forEach((n, c) -> conditions.put(n,
            String.valueOf(((Map<String, Object>) c).getOrDefault("condition", "service_started"))));
      }
      return conditions;
    }

    /** The healthcheck's command as compose runs it in the container: CMD's arguments, or CMD-SHELL's through sh -c. */
    public List<String> healthcheckCommand() {
      Object test = map("healthcheck").get("test");
      if (test instanceof List<?> list && !list.isEmpty()) {
        List<String> parts = list.stream().map(String::valueOf).toList();
        return switch (parts.get(0)) {
          case "CMD" -> parts.subList(1, parts.size());
          case "CMD-SHELL" -> List.of("sh", "-c", String.join(" ", parts.subList(1, parts.size())));
          default -> throw new IllegalStateException(name + "'s healthcheck is neither CMD nor CMD-SHELL: " + parts);
        };
      }
      if (test instanceof String shell) {
        return List.of("sh", "-c", shell);
      }
      return List.of();
    }

    public java.time.Duration healthcheckDuration(String key, java.time.Duration fallback) {
      Object value = map("healthcheck").get(key);
      return value == null ? fallback : duration(String.valueOf(value));
    }

    public int healthcheckRetries() {
      Object value = map("healthcheck").get("retries");
      return value == null ? 3 : Integer.parseInt(String.valueOf(value));
    }

    public java.time.Duration stopGracePeriod() {
      Object value = definition.get("stop_grace_period");
      return value == null ? java.time.Duration.ofSeconds(10) : duration(String.valueOf(value));
    }

    /** mem_limit in bytes; empty without one. */
    public Optional<Long> memoryLimit() {
      Object value = definition.get("mem_limit");
      if (value == null) {
        return Optional.empty();
      }
      Matcher m = Pattern.compile("(\\d+)([bkmg]?)").matcher(String.valueOf(value).toLowerCase());
      if (!m.matches()) {
        throw new IllegalStateException(name + "'s mem_limit is not a size: " + value);
      }
      long unit = switch (m.group(2)) {
        case "k" -> 1L << 10;
        case "m" -> 1L << 20;
        case "g" -> 1L << 30;
        default -> 1L;
      };
      return Optional.of(Long.parseLong(m.group(1)) * unit);
    }

    /** Compose's durations: 10s, 1m30s, 500ms. */
    static java.time.Duration duration(String text) {
      Matcher part = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
      java.time.Duration total = java.time.Duration.ZERO;
      int end = 0;
      while (part.find() && part.start() == end) {
        long n = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "ms" -> java.time.Duration.ofMillis(n);
          case "s" -> java.time.Duration.ofSeconds(n);
          case "m" -> java.time.Duration.ofMinutes(n);
          default -> java.time.Duration.ofHours(n);
        });
        end = part.end();
      }
      if (end != text.length() || end == 0) {
        throw new IllegalStateException("not a compose duration: " + text);
      }
      return total;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String key) {
      Object value = definition.get(key);
      return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private List<String> strings(String key) {
      Object value = definition.get(key);
      return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
  }
}
