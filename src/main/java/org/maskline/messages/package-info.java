/**
 * Masked text messages (SIP MESSAGE): the carrier's messages arrive as ARI {@code TextMessageReceived}
 * events of the trunk endpoint (no channel, no dialplan), are routed with the same routing key as a
 * call, and leave through {@code endpoints/sendMessage} with the recipient's proxy number as From.
 * The operator's backend sends into a session the same way. Knows ARI and sessions, not HTTP.
 */
package org.maskline.messages;
