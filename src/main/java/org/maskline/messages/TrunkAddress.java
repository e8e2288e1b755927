package org.maskline.messages;

import java.util.Optional;

/**
 * Where messages come from and go to, read from the call dial template, so that messages use the
 * very trunk calls use: {@code PJSIP/{number}@trunk} gives the endpoint {@code PJSIP/trunk} (the ARI
 * event source the carrier's messages arrive on) and the destination {@code pjsip:PJSIP/{number}@trunk}
 * (Asterisk puts the number in the user part of the trunk's contact URI, as Dial() does).
 *
 * @param endpoint    {@code TECH/resource}, e.g. {@code PJSIP/trunk}
 * @param destination the sendMessage {@code to}, with {number} left in
 */
public record TrunkAddress(String endpoint, String destination) {

    /** Empty when the template is not a PJSIP one Asterisk's message layer can address. */
    public static Optional<TrunkAddress> of(String dialTemplate) {
        if (dialTemplate == null || !dialTemplate.startsWith("PJSIP/") || !dialTemplate.contains("{number}")) {
            return Optional.empty();
        }
        String rest = dialTemplate.substring("PJSIP/".length());
        int slash = rest.indexOf('/');
        if (slash > 0 && !rest.substring(0, slash).contains("{number}")) {
            // PJSIP/trunk/sip:{number}@host: the endpoint, then a URI of its own.
            String name = rest.substring(0, slash);
            return Optional.of(new TrunkAddress("PJSIP/" + name, "pjsip:" + name + "/" + rest.substring(slash + 1)));
        }
        int at = rest.lastIndexOf('@');
        if (slash < 0 && at > 0 && at < rest.length() - 1 && rest.substring(0, at).contains("{number}")) {
            // PJSIP/{number}@trunk: Asterisk's dialplan form, which its message layer reads alike.
            return Optional.of(new TrunkAddress("PJSIP/" + rest.substring(at + 1), "pjsip:" + dialTemplate));
        }
        return Optional.empty();
    }

    /** The sendMessage {@code to} for one E.164 number. */
    public String to(String number) {
        return destination.replace("{number}", number);
    }

    /** The ARI event source of the carrier's messages. */
    public String eventSource() {
        return "endpoint:" + endpoint;
    }
}
