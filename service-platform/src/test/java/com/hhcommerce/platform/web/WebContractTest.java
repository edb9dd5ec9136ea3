package com.hhcommerce.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's web contract on a real server: a whole number in one spelling, bodies in JSON only, no unstorable
 * character, no body over the limit. Each refusal is a problem naming what is wrong, and the handler never runs.
 */
@SpringBootTest(classes = WebContractTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "hh.web.max-request-body=10KB")
class WebContractTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
      WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
      ValidationAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
  @Import(Things.class)
  static class App {
  }

  record Thing(@NotBlank String name, int quantity, List<String> tags) {
  }

  /** What reached a handler: nothing may, for a refused request. */
  static final List<Object> HANDLED = new CopyOnWriteArrayList<>();

  @RestController
  static class Things {

    @GetMapping("/things/{id}")
    Map<String, Object> get(@PathVariable long id) {
      HANDLED.add(id);
      return Map.of("id", id);
    }

    @GetMapping("/things")
    Map<String, Object> list(@RequestParam(defaultValue = "10") int limit) {
      HANDLED.add(limit);
      return Map.of("limit", limit);
    }

    @PostMapping("/things")
    Thing create(@Valid @RequestBody Thing thing) {
      HANDLED.add(thing);
      return thing;
    }
  }

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void nothingHandledYet() {
    HANDLED.clear();
  }

  @Test
  void aPathIdInAnyOtherSpellingIsA400NamingTheParameter() throws Exception {
    assertThat(get("/things/2").statusCode()).isEqualTo(200);
    assertThat(HANDLED).containsExactly(2L);
    HANDLED.clear();
    List<String> spellings = new ArrayList<>(CanonicalNumbersTest.otherSpellingsOf2());
    spellings.remove("");
    spellings.add("9223372036854775808");
    for (String spelling : spellings) {
      HttpResponse<String> response = get("/things/" + URLEncoder.encode(spelling, StandardCharsets.UTF_8).replace("+", "%20"));
      assertThat(response.statusCode()).as("'%s'", spelling).isIn(400, 404);
      if (response.statusCode() == 400) {
        assertThat(problem(response).path("parameter").asText()).as("'%s'", spelling).isEqualTo("id");
      }
    }
    assertThat(HANDLED).isEmpty();
  }

  @Test
  void aQueryNumberInAnyOtherSpellingIsA400NamingTheParameter() throws Exception {
    for (String spelling : CanonicalNumbersTest.otherSpellingsOf2()) {
      if (spelling.isEmpty()) {
        continue;
      }
      HttpResponse<String> response = get("/things?limit=" + URLEncoder.encode(spelling, StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as("'%s'", spelling).isEqualTo(400);
      assertThat(problem(response).path("parameter").asText()).isEqualTo("limit");
    }
    assertThat(get("/things?limit=2147483648").statusCode()).isEqualTo(400);
    assertThat(HANDLED).isEmpty();
  }

  @Test
  void aBodyInAnyFormatButJsonIsA415ThatListsOnlyJson() throws Exception {
    String yaml = "name: x\nquantity: \"3\"\n";
    for (String type : List.of("application/yaml", "application/x-yaml", "text/yaml", "application/xml", "text/xml",
        "application/cbor", "application/x-jackson-smile", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/merge-patch+json", "application/problem+json", "application/*+json", "*/*",
        "application/json; charset=UTF-16", "application/json; charset=IBM1047", "application/json; charset=x-bogus",
        "application/json; version=2")) {
      HttpResponse<String> response = post(type, yaml);
      assertThat(response.statusCode()).as(type).isEqualTo(415);
      assertThat(problem(response).path("supported").toString()).as(type).doesNotContain("yaml", "xml", "cbor", "smile");
    }
    HttpResponse<String> encoded = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"quantity\":3}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(encoded.statusCode()).isEqualTo(415);
    assertThat(problem(encoded).path("header").asText()).isEqualTo("Content-Encoding");
    HttpResponse<String> twice = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
        .header("Content-Type", "application/json").header("Content-Encoding", "identity").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"quantity\":3}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(twice.statusCode()).as("a coding behind identity").isEqualTo(415);
    HttpResponse<String> twoTypes = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
        .header("Content-Type", "application/json").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"quantity\":3}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(twoTypes.statusCode()).as("two Content-Types").isEqualTo(415);
    assertThat(HANDLED).isEmpty();
    for (String type : List.of("application/json", "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"")) {
      assertThat(post(type, "{\"name\":\"x\",\"quantity\":3}").statusCode()).as(type).isEqualTo(200);
    }
  }

  /** Bytes that are no UTF-8 (overlong forms, a CESU-8 surrogate, a stray continuation byte) though Jackson would read them. */
  @Test
  void aBodyThatIsNotUtf8IsA400() throws Exception {
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xA2},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80})) {
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      body.write("{\"name\":\"a".getBytes(StandardCharsets.UTF_8));
      body.write(bad);
      body.write("b\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s", java.util.HexFormat.of().formatHex(bad)).isEqualTo(400);
      assertThat(problem(response).path("type").asText()).endsWith("malformed-body");
      assertThat(problem(response).path("byte").asLong()).isEqualTo(10);
    }
    assertThat(HANDLED).isEmpty();
  }

  @Test
  void aFormOrMultipartBodyOverTheLimitIsRefusedBeforeAnyParserReadsIt() throws Exception {
    String form = "name=" + "x".repeat(11 * 1024);
    for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things/2"))
          .header("Content-Type", type)
          .method("PUT", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(chunked.statusCode()).as(type).isEqualTo(415);
    }
  }

  /** A GET sent with an empty chunked body and no Content-Type is a GET like any other. */
  @Test
  void anEmptyChunkedBodyOnAGetIsNoBody() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things/2"))
        .method("GET", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[0]))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aParameterSentTwiceIsNamedWithWhatWasSent() throws Exception {
    HttpResponse<String> twice = get("/things?limit=1&limit=2");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(problem(twice).path("detail").asText()).contains("1, 2").doesNotContain("[Ljava");
  }

  @Test
  void aLoneSurrogateOrAControlCharacterIsA400NamingTheField() throws Exception {
    for (String name : List.of("a\\ud800b", "a\\udc00", "a\\ud800", "a\\u0000b", "a\\u001bb", "a\\u007fb", "a\\u0085b")) {
      HttpResponse<String> response = post("application/json", "{\"name\":\"" + name + "\",\"quantity\":1}");
      assertThat(response.statusCode()).as(name).isEqualTo(400);
      assertThat(problem(response).path("field").asText()).as(name).isEqualTo("name");
    }
    HttpResponse<String> inList = post("application/json", "{\"name\":\"x\",\"quantity\":1,\"tags\":[\"ok\",\"a\\u0000\"]}");
    assertThat(problem(inList).path("field").asText()).isEqualTo("tags[1]");
    assertThat(HANDLED).isEmpty();
    // what a person may write: line breaks, tabs, any script, a pair of surrogates (an emoji)
    HttpResponse<String> fine = post("application/json", "{\"name\":\"a\\tb\\nc\\r 한국어 \\ud83d\\ude00\",\"quantity\":1}");
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(json.readTree(fine.body()).path("name").asText()).isEqualTo("a\tb\nc\r 한국어 \uD83D\uDE00");
  }

  @Test
  void aBodyOverTheLimitIsA413WhetherItsLengthIsDeclaredOrNot() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(11 * 1024) + "\",\"quantity\":1}";
    HttpResponse<String> declared = post("application/json", big);
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(problem(declared).path("maxBytes").asLong()).isEqualTo(10 * 1024);
    HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build();
    HttpResponse<String> streamed = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(problem(streamed).path("type").asText()).endsWith("body-too-large");
    assertThat(HANDLED).isEmpty();
    String justUnder = "{\"name\":\"" + "x".repeat(9 * 1024) + "\",\"quantity\":1}";
    assertThat(post("application/json", justUnder).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String type, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things")).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode problem(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    return json.readTree(response.body());
  }
}
