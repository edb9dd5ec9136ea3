package com.hhcommerce.wallet.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitersTest {

  @Test
  void anIpv4ClientIsItsAddress() {
    assertThat(Limiters.client("203.0.113.1")).isEqualTo("203.0.113.1");
    assertThat(Limiters.client("203.0.113.2")).isNotEqualTo(Limiters.client("203.0.113.1"));
  }

  @Test
  void anIpv6ClientIsItsSlash64HoweverWritten() {
    String client = Limiters.client("2001:db8:1:2::1");
    assertThat(client).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(Limiters.client("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(client);
    assertThat(Limiters.client("2001:0DB8:0001:0002:0:0:0:0")).isEqualTo(client);
    assertThat(Limiters.client("fe80::1%eth0")).as("a zone").isEqualTo(Limiters.client("fe80::2"));
    assertThat(Limiters.client("2001:db8:1:3::1")).as("the next /64").isNotEqualTo(client);
    assertThat(Limiters.client("2001:db8:2:2::1")).isNotEqualTo(client);
  }

  @Test
  void anIpv4MappedIpv6ClientIsItsIpv4Address() {
    assertThat(Limiters.client("::ffff:203.0.113.1")).isEqualTo("203.0.113.1");
    assertThat(Limiters.client("::ffff:cb00:7101")).isEqualTo("203.0.113.1");
    assertThat(Limiters.client("::ffff:203.0.113.2")).isEqualTo("203.0.113.2");
  }

  @Test
  void whatIsNoAddressIsItself() {
    assertThat(Limiters.client("not:an:address")).isEqualTo("not:an:address");
    assertThat(Limiters.client("unknown")).isEqualTo("unknown");
  }
}
