package com.hhcommerce.order.bus;

import com.hhcommerce.cart.api.CartChannels;
import com.hhcommerce.coupon.api.CouponChannels;
import com.hhcommerce.inventory.api.InventoryChannels;
import com.hhcommerce.order.api.OrderChannels;
import com.hhcommerce.platform.messaging.PingCommand;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import io.eventuate.tram.commands.producer.CommandProducer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sends a PingCommand to each participant through the outbox and records the replies. */
@Service
public class BusPingService {

  static final Map<String, String> PARTICIPANTS = new LinkedHashMap<>();

  static {
    PARTICIPANTS.put("inventory-service", InventoryChannels.COMMANDS);
    PARTICIPANTS.put("coupon-service", CouponChannels.COMMANDS);
    PARTICIPANTS.put("customer-wallet-service", CustomerWalletChannels.COMMANDS);
    PARTICIPANTS.put("cart-service", CartChannels.COMMANDS);
  }

  private final CommandProducer commandProducer;
  private final JdbcClient jdbc;

  public BusPingService(CommandProducer commandProducer, JdbcClient jdbc) {
    this.commandProducer = commandProducer;
    this.jdbc = jdbc;
  }

  /** The row and the outbox message commit together: a ping is either recorded and sent, or neither. */
  @Transactional
  public List<BusPing> pingAll() {
    return PARTICIPANTS.keySet().stream().map(this::send).toList();
  }

  @Transactional
  public BusPing ping(String participant) {
    return send(participant);
  }

  private BusPing send(String participant) {
    String channel = PARTICIPANTS.get(participant);
    if (channel == null) {
      throw new IllegalArgumentException("Unknown participant " + participant + "; known: " + PARTICIPANTS.keySet());
    }
    String commandId = commandProducer.send(channel, new PingCommand("order-service"), OrderChannels.PING_REPLIES, Map.of());
    jdbc.sql("INSERT INTO bus_ping (participant, channel, command_id, sent_at) VALUES (?, ?, ?, ?)")
        .params(participant, channel, commandId, Timestamp.from(Instant.now()))
        .update();
    return find(commandId).orElseThrow();
  }

  public Optional<BusPing> find(long id) {
    return jdbc.sql("SELECT * FROM bus_ping WHERE id = ?").param(id).query(BusPingService::map).optional();
  }

  public Optional<BusPing> find(String commandId) {
    return jdbc.sql("SELECT * FROM bus_ping WHERE command_id = ?").param(commandId).query(BusPingService::map).optional();
  }

  void recordReply(String commandId, String answeredBy) {
    // replies counts deliveries that got past duplicate detection: it must stay 1
    jdbc.sql("""
            UPDATE bus_ping SET answered_by = ?, replied_at = COALESCE(replied_at, ?), replies = replies + 1
            WHERE command_id = ?""")
        .params(answeredBy, Timestamp.from(Instant.now()), commandId)
        .update();
  }

  private static BusPing map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Timestamp replied = rs.getTimestamp("replied_at");
    return new BusPing(rs.getLong("id"), rs.getString("participant"), rs.getString("channel"), rs.getString("command_id"),
        rs.getTimestamp("sent_at").toInstant(), rs.getString("answered_by"), replied == null ? null : replied.toInstant(),
        rs.getInt("replies"));
  }
}
