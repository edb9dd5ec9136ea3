/**
 * Eventuate Tram Sagas internals, written against eventuate-tram-sagas 0.25 (tram-core 0.36): the only code that knows
 * the saga_instance table, drives a saga manager by hand, or sees the framework's message headers. Skip on a first
 * reading. {@code SagaInstancesTest} pins every assumption made here, so an upgrade of the framework fails there first.
 */
package com.hhcommerce.order.eventuate;
