package com.hhcommerce.platform.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalNumbersTest {

  /** Every other way of writing 2 that Java or Spring would read as 2. */
  static List<String> otherSpellingsOf2() {
    return List.of("+2", "02", "002", "0x2", "0X2", "#2", " 2", "2 ", "\t2", "2\n", "２", "٢", "२", "2.0", "2e0", "2L", "0b10",
        "0002", "+02", "-0", "2_", "");
  }

  @Test
  void readsOnlyTheCanonicalDecimal() {
    assertThat(CanonicalNumbers.parse("2")).hasValue(2);
    assertThat(CanonicalNumbers.parse("0")).hasValue(0);
    assertThat(CanonicalNumbers.parse("-7")).hasValue(-7);
    assertThat(CanonicalNumbers.parse(String.valueOf(Long.MAX_VALUE))).hasValue(Long.MAX_VALUE);
    assertThat(CanonicalNumbers.parse(String.valueOf(Long.MIN_VALUE))).hasValue(Long.MIN_VALUE);
    for (String other : otherSpellingsOf2()) {
      assertThat(CanonicalNumbers.parse(other)).as("'%s'", other).isEqualTo(OptionalLong.empty());
    }
  }

  @Test
  void refusesWhatALongCannotHold() {
    assertThat(CanonicalNumbers.parse("9223372036854775808")).isEmpty();
    assertThat(CanonicalNumbers.parse("-9223372036854775809")).isEmpty();
    assertThat(CanonicalNumbers.parse("99999999999999999999")).isEmpty();
  }

  @Test
  void theIntegerEditorRefusesWhatAnIntCannotHold() {
    CanonicalNumbers.Editor editor = new CanonicalNumbers.Editor(int.class);
    editor.setAsText("2147483647");
    assertThat(editor.getValue()).isEqualTo(Integer.MAX_VALUE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> editor.setAsText("2147483648")).isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> editor.setAsText("")).isInstanceOf(IllegalArgumentException.class);
  }
}
