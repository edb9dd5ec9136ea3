package com.hhcommerce.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request body must be before anything reads it, authentication included: JSON in UTF-8 as every API
 * description lists it (any other media type, charset or content coding is a 415: a decoder for UTF-16 or EBCDIC, or
 * a form or multipart parser, would read past the rules StrictJson holds JSON to), valid UTF-8 byte for byte (Jackson
 * takes overlong and CESU-8 sequences, which would store characters the client never wrote: a 400) and no larger than
 * the limit (413: without it an anonymous caller could make a service parse any size before a field is validated).
 * A declared length over the limit is refused at once; a body sent in chunks is cut off where it passes the limit.
 */
class RequestBodyGate extends OncePerRequestFilter {

  /** The one media type a body may have: what every API description lists. */
  static final List<String> SUPPORTED = List.of(MediaType.APPLICATION_JSON_VALUE);
  private static final Set<String> READ_BODIES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final long limit;
  private final ObjectMapper json;

  RequestBodyGate(DataSize limit, ObjectMapper json) {
    this.limit = limit.toBytes();
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    if (request.getContentLengthLong() <= 0 && !chunked) {
      chain.doFilter(request, response);
      return;
    }
    // a chunked body may be empty: its type is judged where a handler or Spring's form filter could read one
    boolean judged = request.getContentLengthLong() > 0 || READ_BODIES.contains(request.getMethod());
    String refusal = judged ? notJsonInUtf8(request) : null;
    if (refusal != null) {
      write(request, response, unsupported(refusal));
      return;
    }
    if (request.getContentLengthLong() > limit) {
      write(request, response, tooLarge(limit));
      return;
    }
    try {
      chain.doFilter(new Checked(request, limit), response);
    } catch (IOException | ServletException e) {
      // a filter before the handlers (none reads a JSON body today) would otherwise turn these into a 500
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BodyRefused refused && !response.isCommitted()) {
          response.reset();
          write(request, response, refused.problem());
          return;
        }
      }
      throw e;
    }
  }

  /** Why the body is not JSON in UTF-8 as sent, or null if it is. */
  private static String notJsonInUtf8(HttpServletRequest request) {
    for (String coding : Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING))) {
      for (String each : coding.split(",")) {
        if (!each.isBlank() && !each.trim().equalsIgnoreCase("identity")) {
          return "Content-Encoding %s is not accepted here; send the body as it is".formatted(each.trim());
        }
      }
    }
    if (Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE)).size() > 1) {
      return "Content-Type is sent more than once; send it once, as application/json";
    }
    String sent = request.getContentType();
    MediaType type;
    try {
      type = sent == null ? null : MediaType.parseMediaType(sent);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    String charset = type == null ? null : type.getParameter("charset");
    if (type == null || !type.getType().equals("application") || !type.getSubtype().equals("json")
        || type.getParameters().keySet().stream().anyMatch(name -> !name.equalsIgnoreCase("charset"))
        || charset != null && !charset.replace("\"", "").equalsIgnoreCase("UTF-8")) {
      return "Content-Type %s is not accepted here; send application/json in UTF-8".formatted(sent == null ? "none" : sent);
    }
    return null;
  }

  private static ProblemDetail unsupported(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
    problem.setType(URI.create(ProblemDetailsHandler.TYPE_PREFIX + "unsupported-media-type"));
    problem.setProperty("header", detail.startsWith("Content-Encoding") ? HttpHeaders.CONTENT_ENCODING : HttpHeaders.CONTENT_TYPE);
    problem.setProperty("supported", SUPPORTED);
    return problem;
  }

  static ProblemDetail tooLarge(long limit) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
        "The request body is larger than %d bytes, the most this API reads".formatted(limit));
    problem.setType(URI.create(ProblemDetailsHandler.TYPE_PREFIX + "body-too-large"));
    problem.setProperty("maxBytes", limit);
    return problem;
  }

  static ProblemDetail notUtf8(long offset) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "The request body is not valid UTF-8 at byte %d".formatted(offset));
    problem.setType(URI.create(ProblemDetailsHandler.TYPE_PREFIX + "malformed-body"));
    problem.setProperty("byte", offset);
    return problem;
  }

  private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    // the body is left unread: the connection cannot carry another request
    response.setHeader(HttpHeaders.CONNECTION, "close");
    json.writeValue(response.getOutputStream(), problem);
  }

  /** Thrown while the body is read; the problem handler answers with its problem. */
  abstract static sealed class BodyRefused extends IOException permits TooLarge, NotUtf8 {

    BodyRefused(String message) {
      super(message);
    }

    abstract ProblemDetail problem();

    Map<String, String> headers() {
      return Map.of(HttpHeaders.CONNECTION, "close");
    }
  }

  static final class TooLarge extends BodyRefused {

    private final long limit;

    TooLarge(long limit) {
      super("request body over " + limit + " bytes");
      this.limit = limit;
    }

    @Override
    ProblemDetail problem() {
      return tooLarge(limit);
    }
  }

  static final class NotUtf8 extends BodyRefused {

    private final long offset;

    NotUtf8(long offset) {
      super("request body not UTF-8 at byte " + offset);
      this.offset = offset;
    }

    @Override
    ProblemDetail problem() {
      return notUtf8(offset);
    }

    @Override
    Map<String, String> headers() {
      return Map.of();
    }
  }

  private static final class Checked extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Checked(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CheckedStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  /** Counts the bytes read and decodes them as UTF-8 as they pass, refusing malformed sequences. */
  private static final class CheckedStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer pending = ByteBuffer.allocate(8192 + 4);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private long read;
    private long decoded;

    CheckedStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, Math.min(length, 8192));
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new TooLarge(limit);
        }
        check(buffer, offset, n, false);
      } else if (n < 0) {
        check(buffer, offset, 0, true);
      }
      return n;
    }

    private void check(byte[] buffer, int offset, int length, boolean end) throws NotUtf8 {
      pending.put(buffer, offset, length).flip();
      while (true) {
        chars.clear();
        int before = pending.position();
        CoderResult result = utf8.decode(pending, chars, end);
        decoded += pending.position() - before;
        if (result.isError()) {
          throw new NotUtf8(decoded);
        }
        if (!result.isOverflow()) {
          break;
        }
      }
      pending.compact();
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
