package com.hhcommerce.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A whole number in a path, query parameter or header has one spelling: ASCII decimal digits, a minus sign at most,
 * no plus sign, no leading zero, no space, within range. Spring alone also reads "+2", "0x2", "#2", " 2" and "２"
 * (full-width) as 2, so a rule that looks at the text and a lookup by the number could disagree about whose resource
 * is meant. Every service reads such a value through here: as the editor Spring binds parameters with, and in the
 * checks that look at a path before it is bound.
 */
public final class CanonicalNumbers {

  private static final Pattern DECIMAL = Pattern.compile("0|-?[1-9][0-9]{0,18}");

  private CanonicalNumbers() {
  }

  /** The number the text spells canonically, or empty for any other text (including one out of a long's range). */
  public static OptionalLong parse(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException outOfRange) {
      return OptionalLong.empty();
    }
  }

  /** The parameter's number, or a 400 naming the parameter as the client spelled it. */
  public static long require(String parameter, String text) {
    return parse(text).orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-parameter",
        "%s must be a whole number written in decimal digits, not '%s'".formatted(parameter, text)).with("parameter", parameter));
  }

  /**
   * Registered for long and int, boxed or not, on every data binder: a custom editor, because Spring falls back from a
   * failed conversion to its default number editor, which reads "+2" and "0x2".
   */
  static final class Editor extends PropertyEditorSupport {

    private final boolean primitive;
    private final boolean integer;

    Editor(Class<?> type) {
      this.primitive = type.isPrimitive();
      this.integer = type == int.class || type == Integer.class;
    }

    @Override
    public void setAsText(String text) {
      if (text == null || text.isEmpty()) {
        if (primitive) {
          throw new IllegalArgumentException("no number given");
        }
        setValue(null);
        return;
      }
      long value = parse(text).orElseThrow(() -> new IllegalArgumentException("not a whole number in canonical decimal: " + text));
      if (!integer) {
        setValue(value);
      } else if (value == (int) value) {
        setValue((int) value);
      } else {
        throw new IllegalArgumentException("out of range: " + text);
      }
    }
  }

  /** Makes every binder of every controller read whole numbers here. */
  @ControllerAdvice
  static class Binding {

    @InitBinder
    void canonicalNumbers(WebDataBinder binder) {
      for (Class<?> type : new Class<?>[] {long.class, Long.class, int.class, Integer.class}) {
        binder.registerCustomEditor(type, new Editor(type));
      }
    }
  }
}
