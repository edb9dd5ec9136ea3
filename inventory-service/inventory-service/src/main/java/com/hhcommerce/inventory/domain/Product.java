package com.hhcommerce.inventory.domain;

import java.util.List;

public record Product(long id, String name, List<ProductOption> options) {
}
