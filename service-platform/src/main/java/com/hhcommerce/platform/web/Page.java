package com.hhcommerce.platform.web;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

import java.util.List;

/** One page of a list: its items, where it is, and the link to the next page while there is one. */
public record Page<T>(List<T> items, int page, int size, boolean hasMore, String next) {

  static <T> Page<T> of(List<T> fetched, PageRequest request) {
    boolean hasMore = fetched.size() > request.size();
    List<T> items = hasMore ? List.copyOf(fetched.subList(0, request.size())) : List.copyOf(fetched);
    String next = null;
    if (hasMore) {
      UriComponents link = ServletUriComponentsBuilder.fromCurrentRequest()
          .replaceQueryParam("page", request.page() + 1).replaceQueryParam("size", request.size()).build();
      next = link.getPath() + "?" + link.getQuery();
    }
    return new Page<>(items, request.page(), request.size(), hasMore, next);
  }
}
