package com.hhcommerce.platform.parking;

import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import io.swagger.v3.oas.annotations.Operation;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/** Every service's parked messages, for support staff and the operator (ParkingAutoConfiguration's access rule). */
@RestController
@RequestMapping(ParkedMessageController.PATH)
class ParkedMessageController {

  static final String PATH = "/parked-messages";

  private final ParkedMessages parked;

  ParkedMessageController(ParkedMessages parked) {
    this.parked = parked;
  }

  @Operation(summary = "This service's parked messages, newest first",
      description = "Messages a handler of this service failed on for a reason retrying does not cure, with that reason; "
          + "state PARKED (parkedAgain: it failed again after a re-drive) or REDRIVEN (who re-drove it, when).")
  @GetMapping
  Page<ParkedMessages.ParkedMessage> list(@ParameterObject PageRequest page) {
    return page.of(parked.list(page.offset(), page.limitPlusOne()));
  }

  @Operation(summary = "One parked message with its headers, payload and every re-drive attempt")
  @Responses(problems = 404)
  @GetMapping("/{id}")
  ParkedMessages.ParkedMessageDetail detail(@PathVariable long id) {
    return parked.detail(id);
  }

  @Operation(summary = "Re-drive a parked message: sent again on its topic, with its own message id, headers and payload",
      description = "Only the subscriber that parked it handles it again; every other subscriber of the topic drops it as a "
          + "duplicate. 409 when it was re-driven and has not been parked again since. Every attempt is audited with the "
          + "account that made it.")
  @Responses(problems = {404, 409})
  @PostMapping("/{id}/redrive")
  ParkedMessages.ParkedMessage redrive(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
    return parked.redrive(id, operator(token));
  }

  /** As the support API names who acted: the account the token is for, by role. */
  static String operator(Jwt token) {
    List<String> roles = token.getClaimAsStringList(com.hhcommerce.platform.security.AccessTokens.ROLES);
    String role = roles == null || roles.isEmpty() ? "staff" : roles.get(0).toLowerCase(Locale.ROOT);
    return role + " account " + token.getSubject();
  }
}
