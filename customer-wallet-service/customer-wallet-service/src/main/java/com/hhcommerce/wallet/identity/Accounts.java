package com.hhcommerce.wallet.identity;

import com.hhcommerce.platform.domain.DomainRefusal;
import com.hhcommerce.platform.security.AccessTokens.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The account table: the only code that reads or writes it. Emails are compared lower-case. */
@Repository
public class Accounts {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;

  public Accounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

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

  /** Creates a staff account unless one with the email exists (the stack's documented demo operator, say). */
  public void ensureStaff(String email, String password, Role role) {
    if (byEmail(email).isEmpty()) {
      create(email, password, role, null);
    }
  }

  /** Disables the customer's account; the account's id if this call disabled it, empty if it was already or has none. */
  public Optional<Long> disableCustomer(long customerId, Instant at) {
    Optional<Long> account = jdbc.sql("SELECT id FROM account WHERE customer_id = ? AND NOT disabled FOR UPDATE").param(customerId)
        .query(Long.class).optional();
    account.ifPresent(id -> jdbc.sql("UPDATE account SET disabled = TRUE, disabled_at = ? WHERE id = ?")
        .params(Timestamp.from(at), id).update());
    return account;
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
