/**
 * The saga simulation: order-service and the four participants as their real applications in one JVM, on one
 * embedded MariaDB, connected by a bus whose deliveries, duplicates, losses and re-drives a generated schedule decides
 * ({@link com.hhcommerce.order.simulation.HeldBus}), with a clock the schedule moves. {@code SagaScheduleProperties}
 * generates the schedules and checks {@code ConservationLaws} after every step; docs/reliability.md says how to run it
 * and replay a failure.
 */
package com.hhcommerce.order.simulation;
