package com.hhcommerce.wallet.messaging;

import com.hhcommerce.platform.security.AccountEvents;
import com.hhcommerce.wallet.api.AccountDisabled;
import com.hhcommerce.wallet.api.CustomerWalletChannels;
import io.eventuate.common.json.mapper.JSonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service learns disabled accounts through the platform, which reads the identity's AccountDisabled by name
 * (it depends on no service): the channel, the event-type header (Eventuate's: the event class's name) and the
 * fields it reads must be the ones this service publishes.
 */
class AccountEventsContractTest {

  @Test
  void thePlatformReadsTheChannelAndEventTypeThisServicePublishes() {
    assertThat(CustomerWalletChannels.ACCOUNT_EVENTS).isEqualTo(AccountEvents.CHANNEL);
    assertThat(AccountDisabled.class.getName()).isEqualTo(AccountEvents.ACCOUNT_DISABLED);
  }

  @Test
  void thePlatformReadsTheAccountAndTimeOfAPublishedDisabling() {
    String published = JSonMapper.toJson(new AccountDisabled("e-1", "AccountDisabled", CustomerWalletChannels.ACCOUNT_EVENTS, 42,
        "2026-12-01T10:00:00Z", "c-1"));

    AccountEvents.AccountDisabled read = JSonMapper.fromJson(published, AccountEvents.AccountDisabled.class);

    assertThat(read.aggregateId()).isEqualTo(42);
    assertThat(read.occurredAt()).isEqualTo("2026-12-01T10:00:00Z");
  }
}
