package org.maskline.calls;

import java.time.Duration;
import org.maskline.config.Config;
import org.maskline.config.Unroutable;

/**
 * What the call flow needs from the configuration.
 *
 * @param dialTemplate   e.g. {@code PJSIP/{number}@trunk}; {number} becomes the callee's E.164 number
 * @param ringTimeout    how long the callee may ring
 * @param maxCall        talk time after which both legs are hung up; zero for no limit
 * @param defaultCountry ISO region for caller IDs without a country code
 * @param unroutable     what happens to a call with no route; {@code announcement} is the sound it may play
 */
public record CallSettings(String app, String dialTemplate, Duration ringTimeout, Duration maxCall,
                           String defaultCountry, Unroutable unroutable, String announcement) {

    public CallSettings {
        if (!dialTemplate.contains("{number}")) {
            throw new IllegalArgumentException("MASKLINE_DIAL_TEMPLATE must contain {number}; got " + dialTemplate);
        }
    }

    public static CallSettings of(Config c) {
        return new CallSettings(c.ari().app(), c.dialTemplate(), c.ringTimeout(), c.maxCallDuration(),
                c.defaultCountry(), c.unroutable(), c.announcement());
    }

    String endpointFor(String number) {
        return dialTemplate.replace("{number}", number);
    }
}
