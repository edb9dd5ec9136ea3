package com.hhcommerce.wallet.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * The identity (hh.identity.*): customers and staff sign in here for an RS256 access token that every service verifies
 * against the published key set. Tokens are issued for the platform's hh.security.token-lifetime, with its
 * hh.security.issuer. The values, each with its environment variable, are in application.properties.
 *
 * @param signingKey the PKCS#8 PEM file of the key that signs (HH_IDENTITY_SIGNING_KEY); empty: a key made at start, fit
 * for one instance on a laptop only
 * @param retiredKeys PEM files of keys that signed before a rotation (HH_IDENTITY_RETIRED_KEYS, comma-separated): still
 * published until the tokens they signed have expired
 * @param signIn sign-ins allowed a minute
 * @param signUp sign-ups allowed a minute
 * @param operator the operator's staff account
 * @param support the support staff's account
 */
@Validated
@ConfigurationProperties("hh.identity")
public record IdentityProperties(@NotNull String signingKey, @NotNull List<String> retiredKeys, @Valid @NotNull SignInRates signIn,
                                 @Valid @NotNull SignUpRates signUp, @Valid @NotNull StaffAccount operator, @Valid @NotNull StaffAccount support) {

  /**
   * @param perAccountPerMinute failed sign-ins per account, whatever spelling of its email (HH_IDENTITY_SIGN_INS_PER_ACCOUNT)
   * @param perAddressPerMinute sign-ins, right or wrong, per client address, an IPv6 one's /64 (HH_IDENTITY_SIGN_INS_PER_ADDRESS)
   */
  public record SignInRates(@NotNull @Positive Integer perAccountPerMinute, @NotNull @Positive Integer perAddressPerMinute) {
  }

  /**
   * @param perAddressPerMinute anonymous sign-ups per client address (HH_IDENTITY_SIGN_UPS_PER_ADDRESS; an operator's are
   * not counted): each costs a bcrypt hash, about 0.1 s of CPU, so an unlimited client could keep a core busy, while a
   * household or office behind one address signs up far fewer
   */
  public record SignUpRates(@NotNull @Positive Integer perAddressPerMinute) {
  }

  /**
   * A staff account made at start when a password is given (the local stack gives its documented demo ones), and
   * brought to the configured password and role at every start.
   *
   * @param email the account's email
   * @param password its password; empty: no such account is made or changed
   */
  public record StaffAccount(@NotBlank String email, @NotNull String password) {
  }
}
