package com.hhcommerce.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hhcommerce.platform.web.ProblemDetailsHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.net.URI;

/**
 * 401 and 403 as every other error of the API: RFC 9457 problem details, with the bearer scheme's WWW-Authenticate
 * header (RFC 6750) saying what was wrong with the token; the 503 of a token that could not be checked (the service
 * holds no keys yet and the identity cannot be reached); and the 400 of a URL the firewall refuses.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler,
    RequestRejectedHandler {

  private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
  private final AccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException, ServletException {
    bearer.commence(request, response, e);
    String detail = e instanceof OAuth2AuthenticationException invalid
        ? "The access token was refused: " + invalid.getError().getDescription()
        : "Sign in (POST /auth/tokens on customer-wallet-service) and send the token as 'Authorization: Bearer <token>'";
    write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
  }

  /** A token refused is a 401; one that could not be checked is not the caller's fault (Spring Security would answer 500). */
  @Override
  public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    if (e instanceof AuthenticationServiceException) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "5");
      write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
          "The access token cannot be checked for now (the identity's keys are unreachable); nothing was changed, try again");
      return;
    }
    commence(request, response, e);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException, ServletException {
    denied.handle(request, response, e);
    write(request, response, HttpStatus.FORBIDDEN, "forbidden", "This account's role may not do this");
  }

  /** A URL the firewall refuses (a ;matrix parameter, an encoded slash or dot segment): a problem like any other 400. */
  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
    write(request, response, HttpStatus.BAD_REQUEST, "rejected-request", "The request's URL is not accepted: " + e.getMessage());
  }

  private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(ProblemDetailsHandler.TYPE_PREFIX + type));
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
