package com.hhcommerce.order.bus;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.web.ApiProblem;
import com.hhcommerce.platform.web.docs.Responses;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Checks the messaging path end to end: POST sends a ping to each participant, GET shows the replies. */
@RestController
@Responses(problems = {401, 403})
@RequestMapping("/support/bus/pings")
class BusPingController {

  private final BusPingService pings;

  BusPingController(BusPingService pings) {
    this.pings = pings;
  }

  @Responses(success = 202, problems = 422)
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  List<BusPing> ping(@RequestParam(required = false) String participant) {
    if (participant == null) {
      return pings.pingAll();
    }
    if (!BusPingService.PARTICIPANTS.containsKey(participant)) {
      throw ApiProblem.unprocessable("unknown-participant", "Unknown participant " + participant
          + "; known: " + BusPingService.PARTICIPANTS.keySet());
    }
    return List.of(pings.ping(participant));
  }

  @Responses(problems = 404)
  @GetMapping("/{id}")
  BusPing get(@PathVariable long id) {
    return pings.find(id).orElseThrow(() -> DomainRefusal.unknown("ping", id));
  }
}
