package org.maskline.config;

/** What happens to a call that has no route (unknown caller, expired session, wrong number). */
public sealed interface Unroutable {
    /** Refuse with a SIP error before answering, so the call is never billed. */
    record Reject() implements Unroutable {}

    /** Answer and play the configured announcement. */
    record Announce() implements Unroutable {}

    /** Send the call to a support number (E.164). */
    record Forward(String number) implements Unroutable {}
}
