package com.hhcommerce.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a plain SQL script (no procedures) into statements: comment lines dropped, split on ';' at line end. */
final class SqlScript {

  private SqlScript() {
  }

  static List<String> statements(String resource) {
    try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StackException("Missing resource " + resource);
      }
      List<String> statements = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (trimmed.endsWith(";")) {
          statements.add(current.toString().strip().replaceAll(";$", ""));
          current.setLength(0);
        }
      }
      return statements;
    } catch (IOException e) {
      throw new StackException("Cannot read " + resource, e);
    }
  }
}
