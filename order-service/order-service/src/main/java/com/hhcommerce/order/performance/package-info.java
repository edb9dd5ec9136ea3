/**
 * Performance levers: opt-in mechanisms the benchmark turns on and measures ({@link
 * com.hhcommerce.order.performance.PerformanceLevers}). Skip on a first reading: with every lever off, the saga runs on
 * the framework's defaults.
 */
package com.hhcommerce.order.performance;
