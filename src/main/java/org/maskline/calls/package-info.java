/**
 * The masked call: one small state machine per inbound call, driven by ARI events, that routes, dials, bridges, tears down and logs. Knows ARI and sessions, not HTTP.
 */
package org.maskline.calls;
