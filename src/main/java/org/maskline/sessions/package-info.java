/**
 * The domain: phone-number normalization, sessions and participants, pool allocation of proxy numbers, and the routing key. No I/O of its own; persistence goes through the store.
 */
package org.maskline.sessions;
