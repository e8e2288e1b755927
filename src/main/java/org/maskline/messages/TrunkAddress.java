package org.maskline.messages;

import java.util.Optional;
import org.maskline.config.DialTemplate;

/**
 * Where messages come from and go to, read from the call dial template, so that messages use the
 * very trunk (and number format) calls use. {@code PJSIP/{number}@trunk} gives the endpoint
 * {@code PJSIP/trunk} (the ARI event source the carrier's messages arrive on) and the destination
 * {@code pjsip:PJSIP/+34600111222@trunk} (Asterisk puts the user part into the trunk's contact URI,
 * as Dial() does); {@code PJSIP/trunk/sip:{number}@host} gives {@code pjsip:trunk/sip:+34600111222@host}.
 * Every placeholder of {@link DialTemplate} works, in the user part only.
 *
 * @param endpoint {@code TECH/resource}, e.g. {@code PJSIP/trunk}
 */
public record TrunkAddress(String endpoint, DialTemplate template, boolean ownUri) {

    /** Empty when the template is not a PJSIP one Asterisk's message layer can address. */
    public static Optional<TrunkAddress> of(DialTemplate template) {
        String t = template.template();
        if (!t.startsWith("PJSIP/")) return Optional.empty();
        String rest = t.substring("PJSIP/".length());
        int slash = rest.indexOf('/');
        if (slash > 0 && !rest.substring(0, slash).contains("{")) {
            // PJSIP/trunk/sip:{number}@host: the endpoint, then a URI of its own.
            return Optional.of(new TrunkAddress("PJSIP/" + rest.substring(0, slash), template, true));
        }
        int at = rest.lastIndexOf('@');
        if (slash < 0 && at > 0 && at < rest.length() - 1 && !rest.substring(at + 1).contains("{")) {
            // PJSIP/{number}@trunk: Asterisk's dialplan form, which its message layer reads alike.
            return Optional.of(new TrunkAddress("PJSIP/" + rest.substring(at + 1), template, false));
        }
        return Optional.empty();
    }

    /** The sendMessage {@code to} for one E.164 number; empty when the template cannot dial it. */
    public Optional<String> to(String number) {
        return template.render(number).map(d -> ownUri ? "pjsip:" + d.substring("PJSIP/".length()) : "pjsip:" + d);
    }

    /** The ARI event source of the carrier's messages. */
    public String eventSource() {
        return "endpoint:" + endpoint;
    }
}
