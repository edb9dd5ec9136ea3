package com.hhcommerce.coupon.web;

import com.hhcommerce.coupon.domain.Coupon;
import com.hhcommerce.coupon.domain.Coupons;
import com.hhcommerce.coupon.domain.UserCoupon;
import com.hhcommerce.coupon.drop.CouponDrop;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.Caller;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.validation.StorableInstant;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

@RestController
@Responses(problems = 401)
class CouponController {

  private final Coupons coupons;
  private final CouponDrop drop;

  CouponController(Coupons coupons, CouponDrop drop) {
    this.coupons = coupons;
    this.drop = drop;
  }

  record NewCouponRequest(@NotBlank @Characters(max = 200) String name,
                          @NotNull Coupon.DiscountType discountType,
                          @NotNull @Positive @Max(1_000_000_000) Long discountValue,
                          @Positive @Max(1_000_000_000) Long maxDiscount,
                          @PositiveOrZero @Max(1_000_000_000) Long minOrderAmount,
                          @NotNull @StorableInstant Instant validFrom,
                          @NotNull @StorableInstant Instant validUntil,
                          @NotNull @Positive @Max(10_000_000) Integer quantity) {
  }

  record IssueRequest(@NotNull @Positive Long customerId) {
  }

  @Responses(success = 201, problems = 422)
  @PostMapping("/coupons")
  ResponseEntity<Coupon> create(@Valid @RequestBody NewCouponRequest r) {
    Coupon coupon = coupons.create(r.name(), r.discountType(), r.discountValue(), r.maxDiscount(),
        r.minOrderAmount() == null ? 0 : r.minOrderAmount(), r.validFrom(), r.validUntil(), r.quantity());
    return ResponseEntity.created(URI.create("/coupons/" + coupon.id())).body(coupon);
  }

  @Responses(problems = 404)
  @GetMapping("/coupons/{id}")
  Coupon get(@PathVariable long id) {
    return coupons.coupon(id).orElseThrow(() -> DomainRefusal.unknown("coupon", id));
  }

  /** First come, first served: at most the coupon's quantity, once per customer, in order of arrival. */
  @Responses(success = 201, problems = {403, 404, 409, 422, 503})
  @PostMapping("/coupons/{id}/issues")
  ResponseEntity<UserCoupon> issue(@PathVariable long id, @Valid @RequestBody IssueRequest request) {
    Caller.current().requireActsFor(request.customerId(), "customerId");
    UserCoupon issued = drop.issue(id, request.customerId());
    return ResponseEntity.created(URI.create("/user-coupons/" + issued.id())).body(issued);
  }

  @Responses(problems = 404)
  @GetMapping("/user-coupons/{id}")
  UserCoupon userCoupon(@PathVariable long id) {
    UserCoupon userCoupon = coupons.userCoupon(id).orElseThrow(() -> DomainRefusal.unknown("user-coupon", id));
    Caller.current().requireMaySee(userCoupon.customerId(), "user-coupon", id);
    return userCoupon;
  }

  @Responses(problems = 404)
  @GetMapping("/customers/{customerId}/coupons")
  Page<UserCoupon> ofCustomer(@PathVariable long customerId, @ParameterObject PageRequest page) {
    Caller.current().requireMaySee(customerId, "customer", customerId);
    return page.of(coupons.ofCustomer(customerId, page.offset(), page.limitPlusOne()));
  }
}
