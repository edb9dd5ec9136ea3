package com.hhcommerce.wallet.identity;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import java.net.ServerSocket;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identity's own check that a token's account is not disabled, with its database unreachable. */
class WalletAccessTest {

  @Test
  void anAccountWhoseStateCannotBeReadIsAFailureToCheckNotABadToken() throws Exception {
    int nothingListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingListens = socket.getLocalPort();
    }
    Accounts unreachable = new Accounts(JdbcClient.create(new DriverManagerDataSource(
        "jdbc:mysql://127.0.0.1:" + nothingListens + "/customer_wallet_service?connectTimeout=1000", "x", "x")),
        NoOpPasswordEncoder.getInstance());
    Jwt token = Jwt.withTokenValue("t").header("alg", "RS256").subject("7").issuedAt(Instant.now()).build();
    assertThatThrownBy(() -> WalletAccess.notDisabled(token, unreachable))
        .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class)
        .hasMessageContaining("cannot be read for now");
    // a subject that names no account asks nothing of the database
    assertThat(WalletAccess.notDisabled(Jwt.withTokenValue("t").header("alg", "RS256").subject("operator").build(), unreachable)
        .hasErrors()).isFalse();
  }
}
