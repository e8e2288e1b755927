package org.maskline.twilio;

import java.time.Instant;

/**
 * A service's phone number: a number of the service's pool, with its PN sid.
 *
 * @param inUse open sessions that use it as a proxy
 */
record ServiceNumber(String sid, String serviceSid, String number, boolean reserved, int inUse,
                     Instant createdAt, Instant updatedAt) {}
