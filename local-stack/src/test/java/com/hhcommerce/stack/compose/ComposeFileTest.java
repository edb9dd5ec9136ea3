package com.hhcommerce.stack.compose;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compose's interpolation and values as ComposeIT reads them, each form against set, empty and unset variables. */
class ComposeFileTest {

  private static final Map<String, String> ENV = new HashMap<>(Map.of("SET", "value", "EMPTY", ""));

  @Test
  void everyFormOfAVariableIsReplacedAsComposeDoes() {
    assertThat(ComposeFile.interpolate("${SET} $SET ${UNSET}|", ENV)).isEqualTo("value value |");
    assertThat(ComposeFile.interpolate("${SET:-d} ${EMPTY:-d} ${UNSET:-d}", ENV)).isEqualTo("value d d");
    assertThat(ComposeFile.interpolate("${SET-d} ${EMPTY-d} ${UNSET-d}", ENV)).isEqualTo("value  d");
    assertThat(ComposeFile.interpolate("$$SET costs $$5 ${SET:?required}", ENV)).isEqualTo("$SET costs $5 value");
    assertThat(ComposeFile.interpolate("${EMPTY?set, even empty}", ENV)).isEmpty();
    assertThat(ComposeFile.interpolate("a\\b 'c' ${SET}", ENV)).isEqualTo("a\\b 'c' value");
  }

  @Test
  void aRequiredVariableUnsetOrEmptyIsRefusedWithItsMessage() {
    assertThatThrownBy(() -> ComposeFile.interpolate("${EMPTY:?set it in .env}", ENV)).hasMessageContaining("EMPTY: set it in .env");
    assertThatThrownBy(() -> ComposeFile.interpolate("${UNSET:?set it}", ENV)).hasMessageContaining("UNSET: set it");
    assertThatThrownBy(() -> ComposeFile.interpolate("${UNSET?set it}", ENV)).hasMessageContaining("UNSET: set it");
  }

  @Test
  void durationsSizesAndPortsAreReadInComposeForms() {
    assertThat(ComposeFile.ComposeService.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ComposeFile.ComposeService.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> ComposeFile.ComposeService.duration("10x")).isInstanceOf(IllegalStateException.class);
    ComposeFile.ComposeService service = new ComposeFile.ComposeService("s", Map.of("mem_limit", "768m",
        "ports", java.util.List.of("18100-18109:8080", "127.0.0.1:19411:9411")));
    assertThat(service.memoryLimit()).contains(768L << 20);
    assertThat(service.firstPublishedPorts()).containsExactly(Map.entry(8080, 18100), Map.entry(9411, 19411));
  }
}
