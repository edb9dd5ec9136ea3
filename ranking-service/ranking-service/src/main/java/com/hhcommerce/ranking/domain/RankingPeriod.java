package com.hhcommerce.ranking.domain;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** A ranking's window of whole days ending today, in the shop's time zone. */
public enum RankingPeriod {
  DAY("DAY", 1),
  THREE_DAYS("3D", 3),
  SEVEN_DAYS("7D", 7);

  /** How many days any period looks back: a day's counts are kept this long, no longer. */
  public static final int LONGEST_DAYS = 7;

  private final String code;
  private final int days;

  RankingPeriod(String code, int days) {
    this.code = code;
    this.days = days;
  }

  /** As the API spells it. */
  public String code() {
    return code;
  }

  public static Optional<RankingPeriod> of(String code) {
    return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
  }

  /** The days of the period ending on {@code today}, oldest first. */
  public List<LocalDate> days(LocalDate today) {
    return IntStream.range(0, days).mapToObj(i -> today.minusDays(days - 1 - i)).toList();
  }
}
