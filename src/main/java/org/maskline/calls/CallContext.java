package org.maskline.calls;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.maskline.ari.AriClient;
import org.maskline.sessions.RouteLookup;

/** What every call of one Asterisk node shares. */
record CallContext(AriClient ari, RouteLookup routes, CallLogWriter callLog, CallSettings settings,
                   CallRouter registry, Executor pool, ScheduledExecutorService scheduler, Clock clock) {}
