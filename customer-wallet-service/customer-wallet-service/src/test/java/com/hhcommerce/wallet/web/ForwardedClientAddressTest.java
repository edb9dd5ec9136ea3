package com.hhcommerce.wallet.web;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a trusted proxy (here the test client's 127.0.0.1), the client's address is the one the proxy forwards. */
@TestPropertySource(properties = "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1")
class ForwardedClientAddressTest extends WalletWebTest {

  private int signUp(String forwardedFor) {
    return signUp(Map.of("name", "Kim", "email", "kim-" + UUID.randomUUID() + "@example.com", "password", "correct horse battery"), null,
        Map.of("X-Forwarded-For", forwardedFor)).getStatusCode().value();
  }

  @Test
  void eachForwardedClientHasItsOwnLimitAndAnAddressTheClientPrependsIsIgnored() {
    for (int i = 0; i < 3; i++) {
      assertThat(signUp("203.0.113.1")).isEqualTo(201);
    }
    assertThat(signUp("203.0.113.1")).as("the fourth from that client").isEqualTo(429);
    assertThat(signUp("198.51.100.7, 203.0.113.1")).as("the same client, naming another address before its own").isEqualTo(429);
    assertThat(signUp("203.0.113.2")).as("another client behind the same proxy").isEqualTo(201);
  }

  @Test
  void anIpv6ClientIsOneAcrossItsSlash64AndAnIpv4MappedAddressIsItsIpv4Address() {
    for (int i = 1; i <= 3; i++) {
      assertThat(signUp("2001:db8:1:2::" + i)).isEqualTo(201);
    }
    assertThat(signUp("2001:db8:1:2:ffff:ffff:ffff:ffff")).as("a fourth address in that /64").isEqualTo(429);
    assertThat(signUp("2001:db8:1:3::1")).as("the next /64").isEqualTo(201);

    for (int i = 0; i < 3; i++) {
      assertThat(signUp("198.51.100.20")).isEqualTo(201);
    }
    assertThat(signUp("::ffff:198.51.100.20")).as("the same client, written as an IPv4-mapped IPv6 address").isEqualTo(429);
  }
}
