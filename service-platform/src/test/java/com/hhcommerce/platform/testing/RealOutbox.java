package com.hhcommerce.platform.testing;

import com.hhcommerce.platform.PlatformAutoConfiguration;
import io.eventuate.tram.spring.events.common.TramEventsCommonAutoConfiguration;
import io.eventuate.tram.spring.events.publisher.TramEventsPublisherConfiguration;
import io.eventuate.tram.spring.messaging.common.TramMessagingCommonAutoConfiguration;
import io.eventuate.tram.spring.messaging.producer.jdbc.TramMessageProducerJdbcConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Eventuate's domain-event publisher (and the platform's clock for the events' times) writing to the test database's real outbox table (message): import it
 * into a {@link RealDatabaseTest} whose classes publish events.
 */
@Configuration
@Import({PlatformAutoConfiguration.class, TramMessagingCommonAutoConfiguration.class, TramEventsCommonAutoConfiguration.class,
    TramMessageProducerJdbcConfiguration.class, TramEventsPublisherConfiguration.class})
public class RealOutbox {
}
