package com.hhcommerce.stack;

import com.hhcommerce.stack.LocalStackMain.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What ./stack's arguments mean (the script picks the command by the same rule). */
class LocalStackMainTest {

  @AfterEach
  void forgetInstances() {
    System.clearProperty("hh.stack.instances");
  }

  @Test
  void optionsOnlyMeanRunWithThoseOptions() {
    Command command = Command.parse(LocalStackMain.takeInstances(new String[] {"--instances", "order-service=2"}));

    assertThat(command).isEqualTo(new Command("run", List.of()));
    assertThat(command.problem()).isEmpty();
    assertThat(System.getProperty("hh.stack.instances")).isEqualTo("order-service=2");
  }

  @Test
  void noArgumentsMeanRun() {
    assertThat(Command.parse(new String[0])).isEqualTo(new Command("run", List.of()));
  }

  @Test
  void restartTakesOneProcessNameWhereverInstancesStands() {
    Command command = Command.parse(LocalStackMain.takeInstances(new String[] {"restart", "--instances", "inventory-service=2", "inventory-service-2"}));

    assertThat(command).isEqualTo(new Command("restart", List.of("inventory-service-2")));
    assertThat(command.problem()).isEmpty();
    assertThat(Command.parse(new String[] {"restart"}).problem()).hasValueSatisfying(p -> assertThat(p).contains("one process name"));
    assertThat(Command.parse(new String[] {"restart", "a", "b"}).problem()).isPresent();
  }

  @Test
  void refusesUnknownCommandsAndOptions() {
    assertThat(Command.parse(new String[] {"--instnaces", "order-service=2"}).problem()).hasValueSatisfying(p -> assertThat(p).contains("--instnaces"));
    assertThat(Command.parse(new String[] {"strat"}).problem()).hasValueSatisfying(p -> assertThat(p).contains("unknown command strat"));
    assertThat(Command.parse(new String[] {"stop", "now"}).problem()).isPresent();
    assertThat(Command.parse(new String[] {"status"}).problem()).isEmpty();
  }
}
