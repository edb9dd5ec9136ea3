package com.hhcommerce.platform.web;

import java.util.List;

/**
 * Which page of a list the client asks for, the one paging style of every list endpoint: {@code ?page=}
 * (from 0) and {@code ?size=} (1 to {@value #MAX_SIZE}, {@value #DEFAULT_SIZE} by default). A controller
 * takes it as a parameter; {@link PageRequestResolver} reads and checks it.
 */
public record PageRequest(int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
  public static final int MAX_PAGE = 100_000;

  public int offset() {
    return page * size;
  }

  /** Fetch one row more than the page holds: whether it comes says if there is a next page. */
  public int limitPlusOne() {
    return size + 1;
  }

  /** The page out of at most {@link #limitPlusOne()} rows fetched from {@link #offset()}. */
  public <T> Page<T> of(List<T> fetched) {
    return Page.of(fetched, this);
  }
}
