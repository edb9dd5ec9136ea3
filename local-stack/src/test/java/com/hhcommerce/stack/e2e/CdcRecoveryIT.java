package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.LocalStack;
import com.hhcommerce.stack.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CDC restarted from its saved binlog offset. MariaDB 11.4 writes no event positions inside transactions
 * unless told to, and Eventuate's reader then took every row after its resume offset for one already published:
 * a restarted CDC read on and sent nothing. The stack now starts MariaDB with binlog_legacy_event_pos=ON and
 * the CDC refuses a server without it; both are proven here on the real stack.
 */
@ExtendWith({RealStack.class, InvariantAudit.class})
class CdcRecoveryIT {

  private final Shop shop = new Shop();

  @Test
  void ordersPlacedWhileTheCdcIsDownAreSentByTheRestartedCdc() throws Exception {
    long option = shop.product("cdc outage", 500, 1_000).get(0).id();
    List<Long> customers = shop.customersWithOneInCart(option, 10, 10_000);
    ManagedProcess cdc = RealStack.stack().process(LocalStack.CDC);
    cdc.kill();
    List<Long> orders = shop.placeOneEach(option, customers);
    assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("sagaState").asText())
        .as("nothing crosses the bus while the CDC is down").isEqualTo("STARTED"));

    Instant restarted = Instant.now();
    RealStack.stack().restart(LocalStack.CDC);
    long pid = cdc.pid();
    orders.forEach(id -> shop.awaitEnd(id, Duration.ofMinutes(2)));
    System.out.printf("cdc-service down while 10 orders arrive, then started: all ended %d ms after the start%n",
        Duration.between(restarted, Instant.now()).toMillis());

    assertThat(orders).allSatisfy(id -> assertThat(shop.order(id).get("status").asText()).isEqualTo("CONFIRMED"));
    assertThat(shop.stock(option)).isEqualTo(1_000 - 10);
    assertThat(cdc.pid()).as("the restarted CDC itself sent them, not a watchdog restart").isEqualTo(pid);
    List<String> starts = Files.readAllLines(cdc.logFile()).stream().filter(l -> l.contains("mysql binlog starting offset")).toList();
    assertThat(starts.get(starts.size() - 1)).as("it resumed from a saved offset").contains("binlogFilename=mariadb-bin.");
  }

  @Test
  void theCdcRefusesAServerWhoseBinlogItWouldMisread() throws Exception {
    try (Connection db = RealStack.stack().adminConnection(); Statement sql = db.createStatement()) {
      assumeTrue(hasVariable(sql, "binlog_legacy_event_pos"), "only MariaDB 11.4 and later can leave event positions out");
      ManagedProcess cdc = RealStack.stack().process(LocalStack.CDC);
      cdc.stop(Duration.ofSeconds(20));
      sql.execute("SET GLOBAL binlog_legacy_event_pos = OFF");
      try {
        assertThatThrownBy(() -> RealStack.stack().restart(LocalStack.CDC)).hasMessageContaining("exited with code 1");
      } finally {
        sql.execute("SET GLOBAL binlog_legacy_event_pos = ON");
      }
      assertThat(Files.readString(cdc.logFile())).contains("The CDC would misread the binlog of",
          "binlog_legacy_event_pos is OFF, needs ON", "--binlog-legacy-event-pos=ON");

      RealStack.stack().restart(LocalStack.CDC);
      long option = shop.product("cdc settings", 500, 10).get(0).id();
      long customer = shop.customersWithOneInCart(option, 1, 10_000).get(0);
      assertThat(shop.placeAndAwaitEnd(customer, null, Map.of(option, 1)).get("status").asText()).isEqualTo("CONFIRMED");
    }
  }

  private static boolean hasVariable(Statement sql, String name) throws Exception {
    try (ResultSet rows = sql.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
      return rows.next();
    }
  }
}
