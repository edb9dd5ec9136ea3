package com.hhcommerce.wallet.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RSA keys of the access tokens: the active key signs; the published key set (JWKS) holds its public part and
 * those of retired keys, so that tokens signed before a rotation stay valid until they expire. Keys are PEM files:
 * the active one a PKCS#8 private key (hh.identity.signing-key), retired ones a private or public key each
 * (hh.identity.retired-keys). Rotation: make the new key active and name the old one retired. Without a configured
 * key a fresh one is made at start: fine for one instance on a laptop, not for several (each would sign with its own).
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final RSAKey active;
  private final JWKSet published;

  public SigningKeys(String activeKeyFile, List<String> retiredKeyFiles) {
    this.active = activeKeyFile.isBlank() ? generated() : read(Path.of(activeKeyFile));
    List<JWK> keys = new ArrayList<>();
    keys.add(active.toPublicJWK());
    retiredKeyFiles.stream().filter(file -> !file.isBlank()).map(file -> read(Path.of(file)).toPublicJWK()).forEach(keys::add);
    this.published = new JWKSet(keys);
  }

  /** The key that signs, with its private part. */
  public RSAKey active() {
    return active;
  }

  /** Public keys only: what every service verifies tokens with. */
  public JWKSet published() {
    return published;
  }

  private static RSAKey generated() {
    log.warn("hh.identity.signing-key (HH_IDENTITY_SIGNING_KEY) is not set: tokens are signed with a key made at start, "
        + "which dies with this process and differs between instances");
    try {
      return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey read(Path file) {
    try {
      String pem = Files.readString(file);
      byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAKey.Builder key;
      if (pem.contains("PRIVATE KEY")) {
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        key = new RSAKey.Builder(publicKey).privateKey(privateKey);
      } else {
        key = new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der)));
      }
      return key.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint().build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the signing key " + file, e);
    } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
      throw new IllegalStateException("Not an RSA key in PEM (PKCS#8 private or X.509 public): " + file, e);
    }
  }
}
