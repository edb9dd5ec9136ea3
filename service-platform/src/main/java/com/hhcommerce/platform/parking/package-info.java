/**
 * Parked messages (what a handler failed on for good, kept by ResilientMessageHandling) made visible and re-drivable:
 * every service's /parked-messages, for support staff and the operator, each re-drive audited.
 */
package com.hhcommerce.platform.parking;
