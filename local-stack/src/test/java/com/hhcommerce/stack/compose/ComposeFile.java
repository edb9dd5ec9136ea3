package com.hhcommerce.stack.compose;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as compose reads it: YAML with its anchors and merge keys, every value interpolated from the
 * deployment's .env ({@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}},
 * {@code ${VAR?error}}, {@code $VAR}, {@code $$}), a required variable left unset refused with its message.
 */
public final class ComposeFile {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private final Path directory;
  private final Map<String, ComposeService> services = new LinkedHashMap<>();

  private ComposeFile(Path directory) {
    this.directory = directory;
  }

  @SuppressWarnings("unchecked")
  public static ComposeFile read(Path file, Map<String, String> dotEnv) throws IOException {
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(file)) {
      compose = new Yaml().load(reader);
    }
    ComposeFile parsed = new ComposeFile(file.toAbsolutePath().getParent());
    Map<String, Object> services = (Map<String, Object>) interpolate(compose.get("services"), dotEnv);
    services.forEach((name, definition) -> parsed.services.put(name, new ComposeService(name, (Map<String, Object>) definition)));
    return parsed;
  }

  public Path directory() {
    return directory;
  }

  public Map<String, ComposeService> services() {
    return services;
  }

  public ComposeService service(String name) {
    ComposeService service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + name);
    }
    return service;
  }

  @SuppressWarnings("unchecked")
  static Object interpolate(Object value, Map<String, String> variables) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((key, item) -> result.put(key, interpolate(item, variables)));
      return result;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> interpolate(item, variables)).toList();
    }
    if (value instanceof String text) {
      return interpolate(text, variables);
    }
    return value;
  }

  static String interpolate(String text, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else if (m.group(4) != null) {
        replacement = variables.getOrDefault(m.group(4), "");
      } else {
        String name = m.group(1);
        String operator = m.group(2);
        String argument = m.group(3);
        String set = variables.get(name);
        boolean missing = operator != null && operator.startsWith(":") ? set == null || set.isEmpty() : set == null;
        if (operator == null) {
          replacement = set == null ? "" : set;
        } else if (operator.endsWith("-")) {
          replacement = missing ? argument : set;
        } else if (missing) {
          throw new IllegalStateException("compose refuses to start: " + name + ": " + argument);
        } else {
          replacement = set;
        }
      }
      m.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(result);
    return result.toString();
  }

  /** One service's definition, values as compose passes them (numbers as text). */
  public record ComposeService(String name, Map<String, Object> definition) {

    public Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      map("environment").forEach((key, value) -> environment.put(key, value == null ? "" : String.valueOf(value)));
      return environment;
    }

    public Optional<String> build() {
      return Optional.ofNullable(definition.get("build")).map(String::valueOf);
    }

    public List<String> profiles() {
      return strings("profiles");
    }

    public List<String> command() {
      return strings("command");
    }

    public List<String> ports() {
      return strings("ports");
    }

    /** The first host port of each published port ("18100-18109:8080" publishes 8080 on 18100 for the first replica). */
    public Map<Integer, Integer> firstPublishedPorts() {
      Map<Integer, Integer> published = new LinkedHashMap<>();
      for (String port : ports()) {
        Matcher m = Pattern.compile("(?:[0-9.]+:)?(\\d+)(?:-\\d+)?:(\\d+)").matcher(port);
        if (!m.matches()) {
          throw new IllegalStateException(name + " publishes a port in a form not read here: " + port);
        }
        published.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
      }
      return published;
    }

    public List<String> volumes() {
      return strings("volumes");
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
