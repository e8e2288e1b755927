package org.maskline.menu;

import org.maskline.sessions.Route;

/** Where the menu files a callback request (the callbacks package, over the store). */
@FunctionalInterface
public interface CallbackRequests {
    /**
     * Stores a request to call {@code route.callerNumber()} back and connect them to {@code route.calleeNumber()}.
     * Blocking (it writes to the database).
     *
     * @return the callback's id
     * @throws org.maskline.sessions.StoreUnavailableException when it could not be stored
     */
    String request(Route route);
}
