package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.StackSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example (docs/worked-example.md), run with bash, curl and jq: every "# {…}" line of its block is output
 * the example must print, in that order.
 */
public final class WorkedExample {

  private static final Path EXAMPLE = StackSettings.fromEnvironment().repository().resolve("docs/worked-example.md");

  private WorkedExample() {
  }

  /** The example's bash block as it stands in the document (addresses of the local stack's defaults). */
  public static String script() throws Exception {
    Matcher block = Pattern.compile("# Worked example[^\\n]*\\n+```bash\\n(.*?)\\n```", Pattern.DOTALL)
        .matcher(Files.readString(EXAMPLE));
    assertThat(block.find()).as("docs/worked-example.md has a worked example in a bash block").isTrue();
    return block.group(1);
  }

  /** Runs the script to its end and checks that it printed every line the block says it prints. */
  public static void runAndCheck(String script) throws Exception {
    List<String> expected = script.lines().filter(l -> l.startsWith("# {")).map(l -> l.substring(2)).toList();
    assertThat(expected).as("the block states what it prints").hasSizeGreaterThanOrEqualTo(3);

    Path file = Files.createTempFile("worked-example", ".sh");
    Files.writeString(file, "set -euo pipefail\n" + script);
    Process bash = new ProcessBuilder("timeout", "120", "bash", file.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(130, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("the example ran to its end:%n%s", output).isZero();

    int from = 0;
    for (String line : expected) {
      int at = output.indexOf(line, from);
      assertThat(at).as("the example printed %s (after what came before):%n%s", line, output).isNotNegative();
      from = at + line.length();
    }
  }
}
