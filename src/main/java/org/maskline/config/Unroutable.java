package org.maskline.config;

import org.maskline.sessions.PhoneNumbers;

/** What happens to a call that has no route (unknown caller, expired session, wrong number). */
public sealed interface Unroutable {
    /** Refuse with a SIP error before answering, so the call is never billed. */
    record Reject() implements Unroutable {}

    /** Answer and play the configured announcement. */
    record Announce() implements Unroutable {}

    /** Send the call to a support number (E.164). */
    record Forward(String number) implements Unroutable {
        public Forward {
            if (number == null || !PhoneNumbers.isE164(number)) {
                throw ConfigException.bad(Config.UNROUTABLE, "forward: needs an E.164 number such as forward:+34910000000, got "
                        + ConfigException.quote(String.valueOf(number)));
            }
        }
    }

    /** Answer and offer the voice menu (an operator; needs MASKLINE_OPERATOR). */
    record Menu() implements Unroutable {}

    /** Reads {@code reject}, {@code announce}, {@code menu} or {@code forward:+E164}. */
    static Unroutable parse(String v) {
        if (v.equals("reject")) {
            return new Reject();
        }
        if (v.equals("announce")) {
            return new Announce();
        }
        if (v.equals("menu")) {
            return new Menu();
        }
        if (v.startsWith("forward:")) {
            return new Forward(v.substring("forward:".length()));
        }
        throw ConfigException.bad(Config.UNROUTABLE, "must be reject, announce, menu or forward:+E164, got " + ConfigException.quote(v));
    }
}
