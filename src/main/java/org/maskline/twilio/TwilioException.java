package org.maskline.twilio;

/**
 * A request Maskline refuses, in Twilio's error shape: HTTP status, numeric code and message. Codes are
 * Twilio's generic ones (20001 invalid parameter, 20003 authentication, 20404 not found) and, for what
 * Twilio has no generic code for, 20 followed by the HTTP status (20409 conflict, 20415, 20503).
 */
final class TwilioException extends RuntimeException {
    private final int status;
    private final int code;

    TwilioException(int status, int code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    static TwilioException invalid(String param, String problem) {
        return new TwilioException(400, 20001, param + ": " + problem);
    }

    static TwilioException notFound(String what) {
        return new TwilioException(404, 20404, "The requested resource " + what + " was not found");
    }

    static TwilioException conflict(String message) {
        return new TwilioException(409, 20409, message);
    }
}
