package com.hhcommerce.inventory.web;

import com.hhcommerce.inventory.domain.Inventory;
import com.hhcommerce.inventory.domain.Product;
import com.hhcommerce.inventory.domain.ProductOption;
import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.validation.Characters;
import com.hhcommerce.platform.web.CorrelationIds;
import com.hhcommerce.platform.web.Page;
import com.hhcommerce.platform.web.PageRequest;
import com.hhcommerce.platform.web.docs.Responses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
class InventoryController {

  private final Inventory inventory;

  InventoryController(Inventory inventory) {
    this.inventory = inventory;
  }

  record NewOptionRequest(@NotBlank @Characters(max = 200) String name,
                          @NotNull @PositiveOrZero @Max(1_000_000_000) Long price,
                          @NotNull @PositiveOrZero @Max(1_000_000) Integer stock) {
  }

  record NewProductRequest(@NotBlank @Characters(max = 200) String name,
                           @NotNull @Size(min = 1, max = 100) List<@Valid @NotNull NewOptionRequest> options) {
  }

  record StockAdjustmentRequest(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta,
                                @NotBlank @Characters(max = 200) String reason) {
  }

  @Responses(success = 201)
  @PostMapping("/products")
  ResponseEntity<Product> create(@Valid @RequestBody NewProductRequest request,
                                 @RequestHeader(name = CorrelationIds.HEADER, required = false) @CorrelationIds.Valid String correlationId) {
    Product product = inventory.createProduct(request.name(), request.options().stream()
        .map(o -> new Inventory.NewOption(o.name(), o.price(), o.stock())).toList(), CorrelationIds.orNew(correlationId));
    return ResponseEntity.created(URI.create("/products/" + product.id())).body(product);
  }

  @GetMapping("/products")
  Page<Product> list(@ParameterObject PageRequest page) {
    return page.of(inventory.products(page.offset(), page.limitPlusOne()));
  }

  @Responses(problems = 404)
  @GetMapping("/products/{id}")
  Product get(@PathVariable long id) {
    return inventory.product(id).orElseThrow(() -> DomainRefusal.unknown("product", id));
  }

  @Responses(problems = 404)
  @GetMapping("/product-options/{id}")
  ProductOption option(@PathVariable long id) {
    return inventory.option(id).orElseThrow(() -> DomainRefusal.unknown("product-option", id));
  }

  @Responses(problems = {404, 409})
  @PostMapping("/product-options/{id}/stock-adjustments")
  ProductOption adjust(@PathVariable long id, @Valid @RequestBody StockAdjustmentRequest request) {
    return inventory.adjustStock(id, request.delta(), request.reason());
  }
}
