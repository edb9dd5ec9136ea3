package com.hhcommerce.benchmark;

import com.hhcommerce.stack.ManagedProcess;
import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests the Kafka broker has handled since it started, by kind (Produce, Fetch, OffsetCommit, Heartbeat, and
 * its KRaft controller's own, such as BrokerHeartbeat), from its request counters
 * ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec}), read over the JVM's local management agent, which
 * the benchmark starts in the broker by attaching to it (the broker opens no JMX port). The broker's cost is per request
 * more than per byte, so requests per order say whether hops share requests.
 */
final class BrokerRequests {

  private static final String REQUEST_COUNTERS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";
  /** The broker's split of its Fetch requests by who fetched: counted again under Fetch. */
  private static final Set<String> FETCH_SPLITS = Set.of("FetchConsumer", "FetchFollower");
  /** One connection per broker process for the run. */
  private static final Map<Long, MBeanServerConnection> CONNECTIONS = new ConcurrentHashMap<>();

  private BrokerRequests() {
  }

  /** The broker's request counts by kind (the counters of a kind's API versions summed); empty if it is not running. */
  static Map<String, Long> read(ManagedProcess broker) {
    if (!broker.isAlive()) {
      return Map.of();
    }
    try {
      MBeanServerConnection server = CONNECTIONS.computeIfAbsent(broker.pid(), BrokerRequests::connect);
      Map<String, Long> byKind = new TreeMap<>();
      for (ObjectName counter : server.queryNames(new ObjectName(REQUEST_COUNTERS), null)) {
        if (FETCH_SPLITS.contains(counter.getKeyProperty("request"))) {
          continue;
        }
        byKind.merge(counter.getKeyProperty("request"), ((Number) server.getAttribute(counter, "Count")).longValue(), Long::sum);
      }
      return byKind;
    } catch (Exception e) {
      CONNECTIONS.remove(broker.pid());
      throw new IllegalStateException("Could not read the Kafka broker's request counters", e);
    }
  }

  private static MBeanServerConnection connect(long pid) {
    try {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      return JMXConnectorFactory.connect(new JMXServiceURL(address)).getMBeanServerConnection();
    } catch (Exception e) {
      throw new IllegalStateException("Could not attach to the Kafka broker (pid " + pid + ")", e);
    }
  }
}
