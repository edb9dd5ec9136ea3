package com.hhcommerce.cdc;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BinlogSettingsCheckTest {

  private static final Map<String, String> MYSQL_8 = Map.of("version", "8.0.40", "log_bin", "ON",
      "binlog_format", "ROW", "binlog_row_image", "FULL");

  @Test
  void mySql8AndMariaDb1011WithRowBinlogAreFit() {
    assertThat(BinlogSettingsCheck.problems(MYSQL_8)).isEmpty();
    assertThat(BinlogSettingsCheck.problems(with("version", "10.11.11-MariaDB"))).isEmpty();
  }

  @Test
  void mariaDb114NeedsEventPositionsInsideTransactions() {
    assertThat(BinlogSettingsCheck.problems(with("binlog_legacy_event_pos", "ON"))).isEmpty();

    assertThat(BinlogSettingsCheck.problems(with("binlog_legacy_event_pos", "OFF")))
        .singleElement().asString()
        .startsWith("binlog_legacy_event_pos is OFF, needs ON")
        .contains("restarted CDC", "--binlog-legacy-event-pos=ON");
  }

  @Test
  void namesEveryUnfitSetting() {
    Map<String, String> statementBased = new HashMap<>(Map.of("version", "8.0.40", "log_bin", "OFF",
        "binlog_format", "STATEMENT", "binlog_row_image", "MINIMAL"));

    assertThat(BinlogSettingsCheck.problems(statementBased)).satisfiesExactly(
        p -> assertThat(p).startsWith("log_bin is OFF, needs ON"),
        p -> assertThat(p).startsWith("binlog_format is STATEMENT, needs ROW"),
        p -> assertThat(p).startsWith("binlog_row_image is MINIMAL, needs FULL"));
    assertThat(BinlogSettingsCheck.problems(Map.of())).hasSize(3).allSatisfy(p -> assertThat(p).contains("is not set"));
  }

  private static Map<String, String> with(String name, String value) {
    Map<String, String> variables = new HashMap<>(MYSQL_8);
    variables.put(name, value);
    return variables;
  }
}
