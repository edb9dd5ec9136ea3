package com.hhcommerce.wallet.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.web.docs.Responses;
import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.web.CorrelationIds;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

@RestController
class IdentityController {

  /** The path every service reads the published key set from. */
  static final String KEY_SET_PATH = "/.well-known/jwks.json";

  private final SignIn signIn;
  private final SigningKeys keys;
  private final AccountClosing closing;

  IdentityController(SignIn signIn, SigningKeys keys, AccountClosing closing) {
    this.signIn = signIn;
    this.keys = keys;
    this.closing = closing;
  }

  record SignInRequest(@NotBlank @Characters(max = 254) String email, @NotBlank @Characters(max = 200) String password) {
  }

  /** OAuth 2.0's token response fields, so that common clients read it. */
  record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                       @JsonProperty("expires_in") long expiresIn) {
  }

  /**
   * Sign in: a short-lived bearer token for every service's API. 401 for any wrong pair, 429 when asked too often. The
   * client's address is the TCP peer's, or X-Forwarded-For's as a trusted proxy sends it (hh-platform.properties).
   */
  @Responses(problems = {401, 429})
  @PostMapping("/auth/tokens")
  TokenResponse signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
    TokenIssuer.Issued issued = signIn.signIn(request.email(), request.password(), http.getRemoteAddr());
    return new TokenResponse(issued.token(), "Bearer", issued.validFor().toSeconds());
  }

  /**
   * Closes the customer's account (the customer's own, or any as an operator): no more sign-ins, and every service
   * refuses the account's tokens within moments. Orders, points and the ledger stay. Closing again changes nothing.
   */
  @Responses(success = 204, problems = 404)
  @DeleteMapping("/customers/{id}/account")
  ResponseEntity<Void> close(@PathVariable long id,
                             @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId) {
    Caller.current().requireMaySee(id, "customer", id);
    closing.close(id, CorrelationIds.orNew(correlationId));
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "Disable an account (an operator only)", description = """
      Disables the account with this id, the subject (sub) of its tokens: a staff member's (an operator or support, \
      whose accounts come from configuration) or a customer's. It signs in no more, and every service refuses the \
      tokens it still holds within moments, as for DELETE /customers/{id}/account. Disabling again changes nothing; \
      a restart does not undo it. The identity logs each configured staff account's id at start.""")
  @Responses(success = 204, problems = 404)
  @DeleteMapping("/accounts/{id}")
  ResponseEntity<Void> disable(@PathVariable long id,
                               @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId) {
    closing.disable(id, CorrelationIds.orNew(correlationId));
    return ResponseEntity.noContent().build();
  }

  /** The public keys tokens are signed with (JWKS): every service verifies tokens with these, cached. */
  @GetMapping(KEY_SET_PATH)
  Map<String, Object> keySet() {
    return keys.published().toJSONObject();
  }
}
