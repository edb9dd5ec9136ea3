package com.hhcommerce.order;

import io.eventuate.tram.sagas.testing.SagaParticipantStubManager;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component test of order-service: the whole application on a real HTTP port and a real MariaDB (the class names its
 * database with {@code EmbeddedMariaDb.register} in a {@code @DynamicPropertySource}), messaging in memory, and the
 * participants stubbed before each test as {@link InMemoryParticipants#answerAllButTheWallet} says: sagas wait at
 * "deduct points". Settings of the test's own go in {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.autoconfigure.exclude=com.hhcommerce.platform.messaging.EventuateMessagingAutoConfiguration")
@Import(InMemoryParticipants.class)
@AutoConfigureObservability
@ExtendWith(ComponentTest.StubbedParticipants.class)
public @interface ComponentTest {

  /** Registered after Spring's extension, so the context is there. */
  class StubbedParticipants implements BeforeEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
      InMemoryParticipants.answerAllButTheWallet(SpringExtension.getApplicationContext(context).getBean(SagaParticipantStubManager.class));
    }
  }
}
