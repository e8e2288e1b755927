package org.maskline.calls;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one call is. Every change goes through {@code Call.moveTo}, which refuses a change this
 * table does not allow.
 */
enum CallState {
    /** Created for an inbound StasisStart; nothing done yet. */
    NEW,
    /** The route lookup is running (with a deadline). */
    ROUTING,
    /** Masking the caller, creating the callee leg and the bridge. */
    CREATING_LEG,
    /** The REST set-up is done; the callee leg has not entered Stasis yet. */
    LEG_CREATED,
    /** The callee leg entered Stasis before the REST set-up finished. */
    LEG_IN_STASIS,
    /** Both legs go into the bridge and the callee is dialed. */
    BRIDGING,
    /** The dial was accepted; the callee's phone is being reached. */
    DIALING,
    /** The callee's phone rings; the caller hears ringing. */
    RINGING,
    /** The callee answered; the call is up. */
    TALKING,
    /** An unroutable call hears an announcement. */
    ANNOUNCING,
    /** The caller is in the voice menu (answered; prompts and keys). */
    MENU,
    /** A callback: the requester's phone is being called. */
    ORIGINATING,
    /** A callback: the requester answered and hears "connecting you" before the target is dialed. */
    PROMPTING,
    /** The outcome is decided; waiting for the legs to go. */
    CLEARING,
    /** Both legs are gone and the row is queued. Nothing happens after this. */
    ENDED;

    private Set<CallState> next;

    static {
        NEW.next = EnumSet.of(ROUTING, RINGING, TALKING, CLEARING, ORIGINATING);
        ROUTING.next = EnumSet.of(CREATING_LEG, ANNOUNCING, CLEARING, MENU);
        CREATING_LEG.next = EnumSet.of(LEG_CREATED, LEG_IN_STASIS, CLEARING);
        LEG_CREATED.next = EnumSet.of(BRIDGING, CLEARING);
        LEG_IN_STASIS.next = EnumSet.of(BRIDGING, CLEARING);
        BRIDGING.next = EnumSet.of(DIALING, RINGING, TALKING, CLEARING);
        DIALING.next = EnumSet.of(RINGING, TALKING, CLEARING);
        RINGING.next = EnumSet.of(TALKING, CLEARING);
        TALKING.next = EnumSet.of(CLEARING);
        ANNOUNCING.next = EnumSet.of(CLEARING);
        MENU.next = EnumSet.of(CREATING_LEG, CLEARING);
        ORIGINATING.next = EnumSet.of(PROMPTING, CLEARING);
        PROMPTING.next = EnumSet.of(CREATING_LEG, CLEARING);
        CLEARING.next = EnumSet.of(ENDED);
        ENDED.next = EnumSet.noneOf(CallState.class);
    }

    boolean canMoveTo(CallState to) {
        return next.contains(to);
    }

    /** Between StasisStart and a state where set-up is over (ringing, talking, announcing or ending). */
    boolean isSettingUp() {
        return this == NEW || this == ROUTING || this == CREATING_LEG || this == LEG_CREATED
                || this == LEG_IN_STASIS || this == BRIDGING;
    }

    /** The callee may still answer. */
    boolean isBeforeAnswer() {
        return this == CREATING_LEG || this == LEG_CREATED || this == LEG_IN_STASIS || this == BRIDGING
                || this == DIALING || this == RINGING;
    }
}
