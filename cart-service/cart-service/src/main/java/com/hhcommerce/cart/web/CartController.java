package com.hhcommerce.cart.web;

import com.hhcommerce.cart.domain.CartItem;
import com.hhcommerce.cart.domain.Carts;
import com.hhcommerce.platform.web.docs.Responses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Responses(problems = {401, 404})
@RequestMapping("/carts/{customerId}")
class CartController {

  private final Carts carts;

  CartController(Carts carts) {
    this.carts = carts;
  }

  record Cart(long customerId, List<CartItem> items) {
  }

  record AddItemRequest(@NotNull @Positive Long productOptionId, @NotNull @Positive @Max(Carts.MAX_QUANTITY) Integer quantity) {
  }

  record ChangeItemRequest(@NotNull @Positive @Max(Carts.MAX_QUANTITY) Integer quantity) {
  }

  @GetMapping
  Cart get(@PathVariable long customerId) {
    return new Cart(customerId, carts.items(customerId));
  }

  // 403: support reads a cart and does not change it (CartOwnership)
  @Responses(problems = {403, 422})
  @PostMapping("/items")
  Cart add(@PathVariable long customerId, @Valid @RequestBody AddItemRequest request) {
    return new Cart(customerId, carts.add(customerId, request.productOptionId(), request.quantity()));
  }

  @Responses(problems = {403, 404})
  @PutMapping("/items/{productOptionId}")
  Cart change(@PathVariable long customerId, @PathVariable long productOptionId, @Valid @RequestBody ChangeItemRequest request) {
    return new Cart(customerId, carts.change(customerId, productOptionId, request.quantity()));
  }

  @Responses(problems = {403, 404})
  @DeleteMapping("/items/{productOptionId}")
  Cart remove(@PathVariable long customerId, @PathVariable long productOptionId) {
    return new Cart(customerId, carts.remove(customerId, productOptionId));
  }
}
