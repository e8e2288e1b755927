package org.maskline.twilio;

import java.time.Instant;

/**
 * A participant of a Twilio session, with its KP sid.
 *
 * @param identifier  the real number, E.164
 * @param proxyNumber the pool number it dials to reach the other participant (its proxy_identifier)
 * @param proxySid    the PN sid of that number, null if it has left the service since
 */
record ProxyParticipant(String sid, String sessionSid, String identifier, String friendlyName, String proxyNumber,
                        String proxySid, Instant createdAt, Instant updatedAt) {}
