/**
 * ARI client for one Asterisk node: typed async REST over a Netty keep-alive pool, and the Stasis event WebSocket with per-channel ordering, ping/pong and reconnection. Knows nothing about masking.
 */
package org.maskline.ari;
