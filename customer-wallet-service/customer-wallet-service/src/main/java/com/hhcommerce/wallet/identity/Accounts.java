package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The account table: the only code that reads or writes it. Emails are stored lower-case and compared by the column's
 * collation, which takes many spellings as one (case, accents, full-width letters, trailing spaces, characters it
 * ignores such as a zero-width space): what needs one key per account keys by its id, not by the email as typed.
 */
@Repository
public class Accounts {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;

  public Accounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  /** bcrypt reads no more of a password than this, and Spring Security's encoder refuses a longer one. */
  public static final int PASSWORD_MAX_BYTES = 72;

  /** Creates the account with the password hashed; an email already taken is refused (409). */
  public Account create(String email, String password, Role role, Long customerId) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    try {
      jdbc.sql("INSERT INTO account (email, password_hash, role, customer_id) VALUES (?, ?, ?, ?)")
          .params(normal(email), passwords.encode(password), role.name(), customerId).update(key);
    } catch (DuplicateKeyException e) {
      throw DomainRefusal.conflict("email-taken", "An account with this email exists").with("field", "email");
    }
    return find(key.getKey().longValue()).orElseThrow();
  }

  /**
   * Makes the staff account with this email as configured: created if missing, else its password and role set to
   * the configured ones where they differ. Whether it is disabled stays as it is: an operator's disabling outlives a
   * restart.
   */
  public Account convergeStaff(String email, String password, Role role) {
    if (role == Role.CUSTOMER || password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
      throw new IllegalArgumentException("A staff account of " + email + " needs a staff role and a password of at most "
          + PASSWORD_MAX_BYTES + " bytes in UTF-8");
    }
    Optional<Account> existing = byEmail(email);
    if (existing.isEmpty()) {
      try {
        return create(email, password, role, null);
      } catch (DomainRefusal taken) {
        existing = byEmail(email); // another instance, starting at the same time, made it
      }
    }
    Account account = existing.orElseThrow();
    if (account.role() == Role.CUSTOMER) {
      throw new IllegalStateException("The staff account " + email + " is configured, but the email is a customer's account");
    }
    boolean passwordAsConfigured = passwords.matches(password, account.passwordHash()) && !passwords.upgradeEncoding(account.passwordHash());
    if (!passwordAsConfigured || account.role() != role) {
      jdbc.sql("UPDATE account SET password_hash = ?, role = ? WHERE id = ?")
          .params(passwordAsConfigured ? account.passwordHash() : passwords.encode(password), role.name(), account.id()).update();
    }
    return find(account.id()).orElseThrow();
  }

  /** Disables the customer's account; the account's id if this call disabled it, empty if it was already or has none. */
  public Optional<Long> disableCustomer(long customerId, Instant at) {
    Optional<Long> account = jdbc.sql("SELECT id FROM account WHERE customer_id = ? AND NOT disabled FOR UPDATE").param(customerId)
        .query(Long.class).optional();
    account.ifPresent(id -> disable(id, at));
    return account;
  }

  /** Disables the account; whether this call did (false if it was already, or does not exist). */
  public boolean disable(long accountId, Instant at) {
    return jdbc.sql("UPDATE account SET disabled = TRUE, disabled_at = ? WHERE id = ? AND NOT disabled")
        .params(Timestamp.from(at), accountId).update() == 1;
  }

  /** Whether the account with this id exists and is disabled. */
  public boolean isDisabled(long accountId) {
    return jdbc.sql("SELECT disabled FROM account WHERE id = ?").param(accountId).query(Boolean.class).optional().orElse(false);
  }

  public Optional<Account> byEmail(String email) {
    return jdbc.sql("SELECT * FROM account WHERE email = ?").param(normal(email)).query(Accounts::account).optional();
  }

  public Optional<Account> find(long id) {
    return jdbc.sql("SELECT * FROM account WHERE id = ?").param(id).query(Accounts::account).optional();
  }

  private static String normal(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static Account account(ResultSet rs, int row) throws SQLException {
    return new Account(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash"), Role.valueOf(rs.getString("role")),
        rs.getObject("customer_id", Long.class), rs.getBoolean("disabled"));
  }
}
