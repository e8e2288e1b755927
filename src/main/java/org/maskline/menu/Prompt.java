package org.maskline.menu;

import java.util.List;

/**
 * Every prompt the menu and the callback play. By default each is made of sounds from Asterisk's
 * core sound set (Debian's asterisk-core-sounds-en), chosen because they exist on a stock install;
 * {@code MASKLINE_PROMPTS_DIR} replaces them with the operator's own recordings, one file per
 * {@link #fileName()}. docs/prompts.md lists them with the words each one says.
 */
public enum Prompt {
    /** Recontact window, operator configured. */
    MENU_RECONTACT("menu-recontact", List.of("vm-tocallnum", "vm-press", "digits/2", "for", "pbx-transfer")),
    MENU_RECONTACT_NO_OPERATOR("menu-recontact-only", List.of("vm-tocallnum")),
    /** The other party is unavailable, operator configured. */
    MENU_UNAVAILABLE("menu-unavailable", List.of("vm-nobodyavail", "vm-tocallnum", "vm-press", "digits/2", "for", "pbx-transfer")),
    MENU_UNAVAILABLE_NO_OPERATOR("menu-unavailable-only", List.of("vm-nobodyavail", "vm-tocallnum")),
    /** Nothing but the operator to offer. */
    MENU_OPERATOR("menu-operator", List.of("vm-press", "digits/2", "for", "pbx-transfer")),
    /** A key the menu does not know. */
    INVALID("invalid", List.of("pm-invalid-option")),
    /** Before dialing the other party or the operator, and for the callback's requester. */
    CONNECTING("connecting", List.of("pls-hold-while-try")),
    /** The callback request is stored. */
    CALLBACK_BOOKED("callback-booked", List.of("auth-thankyou", "vm-goodbye")),
    /** The polite end: no key, wrong keys, or a callback that could not be stored. */
    GOODBYE("goodbye", List.of("please-try-call-later", "vm-goodbye"));

    private final String fileName;
    private final List<String> sounds;

    Prompt(String fileName, List<String> sounds) {
        this.fileName = fileName;
        this.sounds = sounds;
    }

    /** The recording's name in {@code MASKLINE_PROMPTS_DIR} (without extension: Asterisk picks the format). */
    public String fileName() {
        return fileName;
    }

    /** The Asterisk sounds it is made of by default. */
    public List<String> sounds() {
        return sounds;
    }
}
