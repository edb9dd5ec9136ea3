package com.hhcommerce.cdc;

import io.eventuate.common.eventuate.local.BinlogFileOffset;
import io.eventuate.local.db.log.common.OffsetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reader's binlog offset store that writes the latest offset at most once per interval instead of once per
 * binlog event. Eventuate's reader saves its position at every table-map and commit event of the whole server,
 * not only of the outboxes, each as a Kafka record it waits for: about 20 records per saga, half of all that
 * Kafka stored. An offset handed to {@link #save} is one whose earlier messages are all published (the reader
 * orders them), so saving only the last of them keeps every guarantee; a CDC killed between two saves resumes
 * up to one interval earlier and publishes those messages again, which every consumer already deduplicates
 * (as it must for any redelivery). A zero interval writes every offset at once, as Eventuate does.
 * The offset written last is also the proof {@link OutboxRetention} needs before it deletes published rows.
 */
final class CoalescingOffsetStore implements OffsetStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CoalescingOffsetStore.class);

  private final OffsetStore store;
  private final AtomicReference<BinlogFileOffset> latest = new AtomicReference<>();
  private final ScheduledExecutorService writer;
  private volatile BinlogFileOffset saved;

  CoalescingOffsetStore(OffsetStore store, Duration interval, String name) {
    this.store = store;
    if (interval.isZero()) {
      this.writer = null;
      return;
    }
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "offset-store-" + name);
      thread.setDaemon(true);
      return thread;
    });
    writer.scheduleWithFixedDelay(this::writeLatest, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<BinlogFileOffset> getLastBinlogFileOffset() {
    return store.getLastBinlogFileOffset();
  }

  @Override
  public void save(BinlogFileOffset offset) {
    latest.set(offset);
    if (writer == null) {
      writeLatest();
    }
  }

  /** The offset this process wrote last: every message before it is published. Empty before the first write. */
  Optional<BinlogFileOffset> written() {
    return Optional.ofNullable(saved);
  }

  /** Writes the latest offset if it is newer than the one written last; a failure is retried at the next interval. */
  synchronized void writeLatest() {
    BinlogFileOffset offset = latest.get();
    if (offset == null || offset == saved) {
      return;
    }
    try {
      store.save(offset);
      saved = offset;
    } catch (RuntimeException e) {
      log.warn("Could not save the binlog offset {}: retried at the next interval", offset, e);
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.shutdown();
    }
    writeLatest();
  }
}
