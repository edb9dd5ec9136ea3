package com.hhcommerce.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;

/**
 * No request body larger than the limit is read (413): without it, an anonymous caller could make a service parse a
 * body of any size before a single field is validated. A declared length over the limit is refused before anything
 * else, even authentication; a body sent in chunks is cut off where it passes the limit ({@link TooLarge}, which the
 * problem handler answers with the same 413).
 */
class RequestSizeLimit extends OncePerRequestFilter {

  private final long limit;
  private final ObjectMapper json;

  RequestSizeLimit(DataSize limit, ObjectMapper json) {
    this.limit = limit.toBytes();
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      ProblemDetail problem = problem(limit);
      problem.setInstance(URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setHeader("Connection", "close");
      json.writeValue(response.getOutputStream(), problem);
      return;
    }
    chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, limit) : request, response);
  }

  static ProblemDetail problem(long limit) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
        "The request body is larger than %d bytes, the most this API reads".formatted(limit));
    problem.setType(URI.create(ProblemDetailsHandler.TYPE_PREFIX + "body-too-large"));
    problem.setProperty("maxBytes", limit);
    return problem;
  }

  /** A body without a declared length that passed the limit while being read. */
  static final class TooLarge extends IOException {

    final long limit;

    TooLarge(long limit) {
      super("request body over " + limit + " bytes");
      this.limit = limit;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge(limit);
      }
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
