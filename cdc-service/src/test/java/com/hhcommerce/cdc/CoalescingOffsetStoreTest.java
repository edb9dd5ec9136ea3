package com.hhcommerce.cdc;

import io.eventuate.common.eventuate.local.BinlogFileOffset;
import io.eventuate.local.db.log.common.OffsetStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CoalescingOffsetStoreTest {

  /** Long enough that only the test's own calls write. */
  private static final Duration NEVER = Duration.ofHours(1);

  private final List<BinlogFileOffset> written = new ArrayList<>();
  private boolean failing;
  private final OffsetStore kafka = new OffsetStore() {
    @Override
    public Optional<BinlogFileOffset> getLastBinlogFileOffset() {
      return written.isEmpty() ? Optional.empty() : Optional.of(written.get(written.size() - 1));
    }

    @Override
    public void save(BinlogFileOffset offset) {
      if (failing) {
        throw new IllegalStateException("Kafka is down");
      }
      written.add(offset);
    }
  };

  @Test
  void writesOnlyTheLatestOffsetOfAnInterval() {
    CoalescingOffsetStore store = new CoalescingOffsetStore(kafka, NEVER, "test");
    store.save(offset(100));
    store.save(offset(200));
    store.save(offset(300));
    assertThat(written).as("nothing written before the interval ends").isEmpty();

    store.writeLatest();
    store.writeLatest();

    assertThat(written).extracting(BinlogFileOffset::getOffset).containsExactly(300L);
    assertThat(store.getLastBinlogFileOffset()).map(BinlogFileOffset::getOffset).contains(300L);
  }

  @Test
  void tellsTheOffsetWrittenLastNotTheLatestHandedToIt() {
    CoalescingOffsetStore store = new CoalescingOffsetStore(kafka, NEVER, "test");
    store.save(offset(100));
    assertThat(store.written()).as("nothing written yet: no proof of anything published").isEmpty();

    store.writeLatest();
    store.save(offset(200));

    assertThat(store.written()).map(BinlogFileOffset::getOffset).contains(100L);
  }

  @Test
  void aZeroIntervalWritesEveryOffsetAtOnce() {
    CoalescingOffsetStore store = new CoalescingOffsetStore(kafka, Duration.ZERO, "test");
    store.save(offset(100));
    store.save(offset(200));

    assertThat(written).extracting(BinlogFileOffset::getOffset).containsExactly(100L, 200L);
    assertThat(store.written()).map(BinlogFileOffset::getOffset).contains(200L);
    store.close();
  }

  @Test
  void aFailedWriteIsRetriedWithTheLatestOffset() {
    CoalescingOffsetStore store = new CoalescingOffsetStore(kafka, NEVER, "test");
    store.save(offset(100));
    failing = true;
    store.writeLatest();
    failing = false;
    store.save(offset(200));

    store.writeLatest();

    assertThat(written).extracting(BinlogFileOffset::getOffset).containsExactly(200L);
  }

  @Test
  void closingWritesTheLastOffset() {
    CoalescingOffsetStore store = new CoalescingOffsetStore(kafka, NEVER, "test");
    store.save(offset(100));

    store.close();

    assertThat(written).extracting(BinlogFileOffset::getOffset).containsExactly(100L);
  }

  @Test
  void writesOnItsOwnEveryInterval() {
    List<BinlogFileOffset> seen = new CopyOnWriteArrayList<>();
    OffsetStore recording = new OffsetStore() {
      @Override
      public Optional<BinlogFileOffset> getLastBinlogFileOffset() {
        return Optional.empty();
      }

      @Override
      public void save(BinlogFileOffset offset) {
        seen.add(offset);
      }
    };
    CoalescingOffsetStore store = new CoalescingOffsetStore(recording, Duration.ofMillis(20), "test");
    store.save(offset(100));

    await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
    store.save(offset(200));
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);

    assertThat(seen).extracting(BinlogFileOffset::getOffset).containsExactly(100L, 200L);
    store.close();
  }

  private static BinlogFileOffset offset(long position) {
    return new BinlogFileOffset("mariadb-bin.000001", position);
  }
}
