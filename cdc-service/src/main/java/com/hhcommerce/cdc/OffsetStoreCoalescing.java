package com.hhcommerce.cdc;

import io.eventuate.common.eventuate.local.BinlogFileOffset;
import io.eventuate.local.unified.cdc.pipeline.dblog.common.factory.OffsetStoreFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the offset store of every binlog reader in a {@link CoalescingOffsetStore}, writing it every
 * {@code hh.cdc.offset-save-interval} ({@link CdcProperties}), writes the last offsets when the application stops,
 * and tells which offset was written last. Bound from the environment: a post-processor is made before the beans.
 */
@Component
class OffsetStoreCoalescing implements BeanPostProcessor, DisposableBean {

  private final Duration interval;
  private final List<CoalescingOffsetStore> stores = new CopyOnWriteArrayList<>();

  OffsetStoreCoalescing(Environment environment) {
    this.interval = CdcProperties.from(environment).offsetSaveInterval();
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof OffsetStoreFactory factory)) {
      return bean;
    }
    return (OffsetStoreFactory) (properties, dataSource, schema, clientName) -> {
      CoalescingOffsetStore store = new CoalescingOffsetStore(factory.create(properties, dataSource, schema, clientName), interval, clientName);
      stores.add(store);
      return store;
    };
  }

  /**
   * The binlog offset this process wrote last, of its one reader; empty while it has written none (a CDC that is
   * not the leader, or one that has just started).
   */
  Optional<BinlogFileOffset> writtenOffset() {
    return stores.stream().map(CoalescingOffsetStore::written).flatMap(Optional::stream)
        .reduce((a, b) -> a.isSameOrAfter(b) ? b : a);
  }

  @Override
  public void destroy() {
    stores.forEach(CoalescingOffsetStore::close);
  }
}
