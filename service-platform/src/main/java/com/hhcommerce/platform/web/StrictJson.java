package com.hhcommerce.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;

import java.io.IOException;
import java.time.Instant;

/**
 * Request bodies are read as written: a number where a number is expected and nothing else. Jackson by
 * default takes 1.5 for 1, "3" for 3, 123 for "123", 0 for the first enum constant, a number for an
 * instant and the last of two equal keys; each of those is a 400 naming the field instead. Unknown fields are refused too
 * (spring.jackson.deserialization.fail-on-unknown-properties): a misspelt optional field must not be ignored. Text holds
 * no character that a column cannot store as sent or that no client means to send ({@link PlainText}).
 */
public class StrictJson implements Jackson2ObjectMapperBuilderCustomizer {

  @Override
  public void customize(org.springframework.http.converter.json.Jackson2ObjectMapperBuilder builder) {
    builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
        DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    builder.featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, MapperFeature.ALLOW_COERCION_OF_SCALARS);
    builder.deserializerByType(Instant.class, new InstantAsText());
    builder.deserializerByType(String.class, new PlainText());
    builder.postConfigurer(StrictJson::refuseCoercions);
  }

  /** An instant is ISO-8601 text; Jackson would also take a number as epoch seconds, which is no date a client wrote. */
  static final class InstantAsText extends StdScalarDeserializer<Instant> {

    InstantAsText() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
  }

  /**
   * A lone surrogate (half of a UTF-16 pair, which utf8mb4 cannot store: MariaDB writes '?') and control characters
   * other than tab and line breaks (NUL among them, which C-based tools downstream cut text at) are refused.
   */
  static final class PlainText extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = super.deserialize(parser, context);
      if (text != null) {
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            i++;
          } else if (Character.isSurrogate(c) || Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
            throw new UnacceptableCharacter(parser, text, c, text.codePointCount(0, i));
          }
        }
      }
      return text;
    }
  }

  /** Names the character (as U+XXXX) and where it stands, so that a client can find it. */
  public static final class UnacceptableCharacter extends InvalidFormatException {

    private final String character;
    private final int position;

    UnacceptableCharacter(JsonParser parser, String text, char c, int position) {
      super(parser, "character U+%04X at position %d is not allowed".formatted((int) c, position), text, String.class);
      this.character = "U+%04X".formatted((int) c);
      this.position = position;
    }

    public String character() {
      return character;
    }

    public int position() {
      return position;
    }
  }

  private static void refuseCoercions(ObjectMapper mapper) {
    for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper.coercionConfigFor(number)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }
}
