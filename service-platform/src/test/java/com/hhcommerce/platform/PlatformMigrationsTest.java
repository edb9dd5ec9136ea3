package com.hhcommerce.platform;

import com.hhcommerce.platform.testing.EmbeddedMariaDb;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's migrations with its Flyway settings (hh-platform.properties), on a real MariaDB. */
class PlatformMigrationsTest {

  @Test
  void aDatabaseThatRanTheSagaTablesMigrationStillMigratesWithoutIt() throws Exception {
    Properties platform = PropertiesLoaderUtils.loadProperties(new ClassPathResource("hh-platform.properties"));
    Map<String, Object> database = new HashMap<>();
    EmbeddedMariaDb.register((name, value) -> database.put(name, value.get()), "migrations");
    DataSource service = new DriverManagerDataSource("jdbc:mysql://127.0.0.1:" + database.get("hh.db.port") + "/" + database.get("hh.db.name")
        + "?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
    flyway(service, platform, platform.getProperty("spring.flyway.ignore-migration-patterns")).migrate();
    assertThat(JdbcClient.create(service).sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
        + "AND table_name LIKE 'saga%'").query(Long.class).single()).as("the saga tables are order-service's").isZero();

    // as version 1.1 (the saga tables, order-service's migration now) was recorded when every service ran it
    JdbcClient.create(service).sql("""
        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
        VALUES (100, '1.1', 'eventuate sagas', 'SQL', 'V1_1__eventuate_sagas.sql', 1, 'root', 1, 1)""").update();

    assertThatCode(() -> flyway(service, platform, platform.getProperty("spring.flyway.ignore-migration-patterns")).migrate())
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> flyway(service, platform, "*:future").migrate()).as("with Flyway's default patterns")
        .isInstanceOf(FlywayValidateException.class).hasMessageContaining("1.1");
  }

  private static Flyway flyway(DataSource database, Properties platform, String ignoreMigrationPatterns) {
    return Flyway.configure().dataSource(database).locations(platform.getProperty("spring.flyway.locations").split(","))
        .outOfOrder(Boolean.parseBoolean(platform.getProperty("spring.flyway.out-of-order")))
        .ignoreMigrationPatterns(ignoreMigrationPatterns.split(",")).load();
  }
}
