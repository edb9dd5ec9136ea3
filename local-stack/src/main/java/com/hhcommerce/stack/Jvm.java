package com.hhcommerce.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Jvm {

  private Jvm() {
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This module's runtime class path, written by the build (maven-dependency-plugin build-classpath). */
  static String stackClassPath(StackSettings settings) {
    Path file = settings.repository().resolve("local-stack/target/stack-classpath.txt");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new StackException("Missing " + file + ": build first with ./mvnw -q install -DskipTests", e);
    }
  }
}
