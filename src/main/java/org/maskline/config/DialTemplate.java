package org.maskline.config;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a callee's number becomes Asterisk's dial string ({@code MASKLINE_DIAL_TEMPLATE}), for carriers
 * that want something other than {@code +E.164}. Literal text around the placeholders is kept, which
 * is how a prefix is written ({@code PJSIP/00{e164}@trunk}, {@code PJSIP/9{national}@trunk}).
 *
 * <ul>
 *   <li>{@code {number}}: E.164 with its plus, {@code +34600111222}</li>
 *   <li>{@code {e164}}: the same digits without the plus, {@code 34600111222}</li>
 *   <li>{@code {cc}}: the country calling code, {@code 34}</li>
 *   <li>{@code {national}}: the number as dialed inside its country, digits only, with the trunk
 *       prefix where the country has one ({@code 600111222} in ES, {@code 07700900123} in GB)</li>
 * </ul>
 *
 * <p>A national form means nothing outside its country: with {@code {national}} and no
 * {@code {cc}}, the template serves callees of one region ({@code MASKLINE_DEFAULT_COUNTRY}), and a
 * callee of any other is never dialed (fail closed: a wrong form could reach someone else).
 */
public record DialTemplate(String template, String region) {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    static final Set<String> PLACEHOLDERS = Set.of("number", "e164", "cc", "national");

    /**
     * @param region ISO region of {@code {national}} callees; empty when the template needs none
     * @throws IllegalArgumentException naming what is wrong, in one line
     */
    public DialTemplate {
        Matcher m = PLACEHOLDER.matcher(template);
        boolean any = false;
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("has an unknown placeholder {" + m.group(1)
                        + "}; the known ones are {number}, {e164}, {cc} and {national}");
            }
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("must contain {number}, {e164} or {national}, e.g. PJSIP/{number}@trunk");
        }
        region = region == null ? "" : region;
        if (nationalOnly(template) && region.isEmpty()) {
            throw new IllegalArgumentException("uses {national} without {cc}: set MASKLINE_DEFAULT_COUNTRY to the one country it dials");
        }
    }

    private static boolean nationalOnly(String template) {
        return template.contains("{national}") && !template.contains("{cc}");
    }

    /** The dial string for an E.164 number, or empty when this template cannot dial it. */
    public Optional<String> render(String e164) {
        if (!template.contains("{national}") && !template.contains("{cc}")) {
            return Optional.of(template.replace("{number}", e164).replace("{e164}", e164.substring(1)));
        }
        PhoneNumber n;
        try {
            n = UTIL.parse(e164, "ZZ");
        } catch (NumberParseException e) {
            return Optional.empty();
        }
        if (nationalOnly(template) && !region.equals(UTIL.getRegionCodeForNumber(n))) {
            return Optional.empty();
        }
        String national = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.NATIONAL).replaceAll("[^0-9]", "");
        return Optional.of(template.replace("{number}", e164).replace("{e164}", e164.substring(1))
                .replace("{cc}", String.valueOf(n.getCountryCode())).replace("{national}", national));
    }
}
