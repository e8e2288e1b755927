package org.maskline.menu;

import java.util.Locale;

/** What a menu call ended with; the call log stores {@link #code()}. */
public enum MenuChoice {
    /** 1 inside the recontact window: connected to the other party again. */
    OTHER_PARTY,
    /** 2: connected to an operator. */
    OPERATOR,
    /** 1 when the other party is unavailable: a callback request was stored. */
    CALLBACK,
    /** No key, or wrong keys, three times: a polite hang-up. */
    NONE,
    /** The caller hung up in the menu. */
    HANGUP;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
