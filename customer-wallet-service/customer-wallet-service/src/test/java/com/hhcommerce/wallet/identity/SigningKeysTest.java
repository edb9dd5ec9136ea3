package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.security.AccessTokens.Role;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {

  @TempDir
  Path folder;

  @Test
  void aRotatedKeyStaysPublishedSoThatTokensItSignedStillVerify() throws Exception {
    Path old = pem(folder.resolve("old.pem"));
    Path current = pem(folder.resolve("current.pem"));
    SigningKeys before = new SigningKeys(old.toString(), List.of());
    SigningKeys after = new SigningKeys(current.toString(), List.of(old.toString()));
    Account customer = new Account(7, "kim@example.com", "x", Role.CUSTOMER, 42L, false);
    String signedBefore = new TokenIssuer(before, Clock.systemUTC(), "test", Duration.ofMinutes(15)).issue(customer).token();

    assertThat(after.published().getKeys()).extracting(JWK::getKeyID)
        .containsExactly(after.active().getKeyID(), before.active().getKeyID());
    assertThat(after.published().getKeys()).noneMatch(JWK::isPrivate);
    JWK retired = after.published().getKeyByKeyId(before.active().getKeyID());
    assertThat(NimbusJwtDecoder.withPublicKey(retired.toRSAKey().toRSAPublicKey()).build().decode(signedBefore).getSubject())
        .isEqualTo("7");
  }

  @Test
  void withoutAConfiguredKeyOneIsMadeAtStart() {
    SigningKeys keys = new SigningKeys("", List.of());
    assertThat(keys.active().isPrivate()).isTrue();
    assertThat(keys.published().getKeys()).hasSize(1);
  }

  static Path pem(Path file) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    return file;
  }
}
