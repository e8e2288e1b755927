package org.maskline.callbacks;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.maskline.menu.CallbackRequests;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files the callback requests the menu takes: the requester is the caller, the target the other party. */
public final class CallbackService implements CallbackRequests {
    private static final Logger log = LoggerFactory.getLogger(CallbackService.class);

    private final CallbackStore store;
    private final CallbackSettings settings;
    private final Clock clock;

    public CallbackService(CallbackStore store, CallbackSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String request(Route route) {
        Callback cb = store.request(new NewCallback(route.sessionId(), route.callerNumber(), route.callerProxy(),
                route.calleeNumber(), route.calleeProxy(),
                clock.instant().plus(settings.ttl()).truncatedTo(ChronoUnit.MILLIS)));
        log.info("callback {} for {} to {} ({})", cb.id(), PhoneNumbers.mask(cb.requester()), PhoneNumbers.mask(cb.target()),
                cb.attempts() == 0 && cb.status() == CallbackStatus.PENDING ? "pending" : "already " + cb.status().code());
        return cb.id();
    }
}
