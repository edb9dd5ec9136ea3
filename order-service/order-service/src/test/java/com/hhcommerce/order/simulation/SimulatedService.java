package com.hhcommerce.order.simulation;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * One service of the simulation: its real Spring application, without schedules, on its own schema,
 * its messaging on the {@link HeldBus} and its time the simulation's clock. A restart closes the context (every
 * bean, cache and subscription gone) and starts a new one on the same schema, as a process restart would.
 */
final class SimulatedService {

  private final String name;
  private final Supplier<SpringApplicationBuilder> application;
  private final List<String> arguments;
  private final HeldBus bus;
  private final Clock clock;
  private final WebApplicationType web;
  private ConfigurableApplicationContext context;

  SimulatedService(String name, Supplier<SpringApplicationBuilder> application, List<String> arguments, HeldBus bus, Clock clock,
                   WebApplicationType web) {
    this.name = name;
    this.web = web;
    this.application = application;
    this.arguments = arguments;
    this.bus = bus;
    this.clock = clock;
  }

  String name() {
    return name;
  }

  void start() {
    if (context != null) {
      throw new IllegalStateException(name + " is running");
    }
    context = application.get()
        .web(web)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .initializers(starting -> {
          starting.getBeanFactory().registerSingleton("heldBusEndpoint", new HeldBus.Endpoint(bus, name));
          starting.getBeanFactory().registerSingleton("clock", clock);
          starting.getBeanFactory().registerSingleton("simulationLeavesOutTestClasses", new LeaveOutTestClasses());
        })
        .run(arguments.toArray(String[]::new));
  }

  void stop() {
    if (context != null) {
      context.close();
      context = null;
    }
  }

  void restart() {
    stop();
    start();
  }

  <T> T bean(Class<T> type) {
    if (context == null) {
      throw new IllegalStateException(name + " is stopped");
    }
    return context.getBean(type);
  }

  /**
   * order-service's component scan would also find the test tree's configurations (the component tests' stubs, this
   * simulation's own); a test context leaves them out with Spring Boot's test filter, a context started by hand here.
   */
  private static final class LeaveOutTestClasses extends TypeExcludeFilter {
    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
      return reader.getResource().getURL().toString().contains("/test-classes/");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LeaveOutTestClasses;
    }

    @Override
    public int hashCode() {
      return LeaveOutTestClasses.class.hashCode();
    }
  }
}
