package org.maskline.calls;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every call of one Asterisk node shares.
 *
 * @param pool     runs the calls' serial executors (never blocks)
 * @param blocking runs store work that may block (the route lookup)
 * @param afterTrip the menu's settings and where callback requests go (issue 14)
 */
record CallContext(CallPort port, RouteDecision decision, CallLogWriter callLog, CallSettings settings,
                   CallRouter registry, Executor pool, Executor blocking, Timers timers, Clock clock,
                   AfterTrip afterTrip) {}
