package com.hhcommerce.inventory.web;

import com.hhcommerce.inventory.domain.Inventory;
import com.hhcommerce.inventory.domain.Product;
import com.hhcommerce.inventory.domain.ProductOption;
import com.hhcommerce.platform.domain.DomainRefusal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
@Validated
class InventoryController {

  private final Inventory inventory;

  InventoryController(Inventory inventory) {
    this.inventory = inventory;
  }

  record NewOptionRequest(@NotBlank @Size(max = 200) String name,
                          @NotNull @PositiveOrZero @Max(1_000_000_000) Long price,
                          @NotNull @PositiveOrZero @Max(1_000_000) Integer stock) {
  }

  record NewProductRequest(@NotBlank @Size(max = 200) String name,
                           @NotEmpty @Size(max = 100) List<@Valid @NotNull NewOptionRequest> options) {
  }

  record StockAdjustmentRequest(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta,
                                @NotBlank @Size(max = 200) String reason) {
  }

  @PostMapping("/products")
  ResponseEntity<Product> create(@Valid @RequestBody NewProductRequest request) {
    Product product = inventory.createProduct(request.name(), request.options().stream()
        .map(o -> new Inventory.NewOption(o.name(), o.price(), o.stock())).toList());
    return ResponseEntity.created(URI.create("/products/" + product.id())).body(product);
  }

  @GetMapping("/products")
  List<Product> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return inventory.products(page, size);
  }

  @GetMapping("/products/{id}")
  Product get(@PathVariable long id) {
    return inventory.product(id).orElseThrow(() -> DomainRefusal.unknown("product", id));
  }

  @GetMapping("/product-options/{id}")
  ProductOption option(@PathVariable long id) {
    return inventory.option(id).orElseThrow(() -> DomainRefusal.unknown("product-option", id));
  }

  @PostMapping("/product-options/{id}/stock-adjustments")
  ProductOption adjust(@PathVariable long id, @Valid @RequestBody StockAdjustmentRequest request) {
    return inventory.adjustStock(id, request.delta(), request.reason());
  }
}
