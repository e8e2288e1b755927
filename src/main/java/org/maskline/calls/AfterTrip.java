package org.maskline.calls;

import org.maskline.menu.CallbackRequests;
import org.maskline.menu.MenuSettings;

/**
 * What the call flow needs for calls after the trip (issue 14): the menu's settings, and where a
 * callback request chosen in the menu is stored.
 */
public record AfterTrip(MenuSettings menus, CallbackRequests callbacks) {
    /** The menu with its defaults; a callback chosen in it cannot be stored (the caller hears goodbye). */
    public static AfterTrip defaults() {
        return new AfterTrip(MenuSettings.defaults(), route -> {
            throw new IllegalStateException("no callback store is wired");
        });
    }
}
