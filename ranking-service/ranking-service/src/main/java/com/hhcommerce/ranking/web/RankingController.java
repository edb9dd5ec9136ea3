package com.hhcommerce.ranking.web;

import com.hhcommerce.platform.web.docs.Responses;
import com.hhcommerce.ranking.domain.ProductRanking;
import com.hhcommerce.ranking.domain.Ranking;
import com.hhcommerce.ranking.domain.RankingPeriod;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RankingController {

  private final ProductRanking ranking;

  public RankingController(ProductRanking ranking) {
    this.ranking = ranking;
  }

  /** Best sellers by quantity in confirmed orders: today, the last 3 days or the last 7 days (today included). */
  @Responses(problems = 503)
  @GetMapping("/rankings/products")
  Ranking products(
      @Parameter(description = "DAY, 3D or 7D") @RequestParam(defaultValue = "DAY") @Pattern(regexp = "DAY|3D|7D") String period,
      @RequestParam(defaultValue = "10") @Min(1) @Max(1000) int limit) {
    return ranking.top(RankingPeriod.of(period).orElseThrow(), limit);
  }
}
