package org.maskline.menu;

import org.maskline.sessions.PhoneNumbers;

/**
 * The company's operator line (MASKLINE_OPERATOR): a dial string such as {@code PJSIP/100@pbx}, or an
 * E.164 number dialed through the dial template.
 *
 * @param seesProxy whether the operator is shown the number the caller dialed instead of the caller's
 *                  real number (MASKLINE_OPERATOR_SEES=proxy); staff see the real one by default
 */
public record Operator(String target, boolean seesProxy) {
    public Operator {
        if (target == null || target.isBlank()) throw new IllegalArgumentException("operator target is empty");
    }

    public boolean isNumber() {
        return PhoneNumbers.isE164(target);
    }

    /** What the call log stores as the callee: the number, or "operator" for a dial string (it may name internal hosts). */
    public String forLog() {
        return isNumber() ? target : "operator";
    }
}
