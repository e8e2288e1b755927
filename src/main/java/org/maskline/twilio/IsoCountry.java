package org.maskline.twilio;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** The ISO 3166 country of an E.164 number, as Twilio's {@code iso_country}; null when libphonenumber cannot tell. */
final class IsoCountry {
    private IsoCountry() {}

    static String of(String e164) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            String region = util.getRegionCodeForNumber(util.parse(e164, "ZZ"));
            return region == null || "ZZ".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
