package org.maskline.ari;

/**
 * Why a REST call failed. The subtype says what a caller can do about it; {@link #status()} is the HTTP status
 * (or -1 when no response arrived) and {@link #asteriskMessage()} is the {@code message} from Asterisk's JSON body.
 */
public abstract sealed class AriException extends RuntimeException {

    private final String operation;
    private final int status;
    private final String asteriskMessage;

    private AriException(String operation, int status, String asteriskMessage, Throwable cause) {
        super(operation + " failed" + (status > 0 ? " with HTTP " + status : "")
                + (asteriskMessage == null || asteriskMessage.isEmpty() ? "" : ": " + asteriskMessage), cause);
        this.operation = operation;
        this.status = status;
        this.asteriskMessage = asteriskMessage == null ? "" : asteriskMessage;
    }

    /** The operation name as used in metrics, e.g. {@code channels.dial}. */
    public String operation() {
        return operation;
    }

    public int status() {
        return status;
    }

    public String asteriskMessage() {
        return asteriskMessage;
    }

    /** 404: the channel, bridge, application or variable does not exist (any more). */
    public static final class NotFound extends AriException {
        public NotFound(String operation, int status, String message) {
            super(operation, status, message, null);
        }
    }

    /** 409 or 422: the object exists but is not in Stasis, or not in a state that allows the operation. */
    public static final class NotInStasis extends AriException {
        public NotInStasis(String operation, int status, String message) {
            super(operation, status, message, null);
        }
    }

    /** 400, and other 4xx that mean the request itself was wrong (including 412 "channel not answered"). */
    public static final class BadRequest extends AriException {
        public BadRequest(String operation, int status, String message) {
            super(operation, status, message, null);
        }
    }

    /** 401 or 403: wrong ARI credentials or a forbidden operation. Retrying does not help. */
    public static final class Unauthorized extends AriException {
        public Unauthorized(String operation, int status, String message) {
            super(operation, status, message, null);
        }
    }

    /** Asterisk could not be reached, dropped the connection, or answered 5xx. Worth retrying later. */
    public static final class Unavailable extends AriException {
        public Unavailable(String operation, int status, String message, Throwable cause) {
            super(operation, status, message, cause);
        }
    }

    /** No response within the request timeout (or no pooled connection became free in time). */
    public static final class Timeout extends AriException {
        public Timeout(String operation, String message) {
            super(operation, -1, message, null);
        }
    }

    /** Maps an HTTP error status to the exception a caller can act on. */
    public static AriException forStatus(String operation, int status, String asteriskMessage) {
        return switch (status) {
            case 404 -> new NotFound(operation, status, asteriskMessage);
            case 409, 422 -> new NotInStasis(operation, status, asteriskMessage);
            case 401, 403 -> new Unauthorized(operation, status, asteriskMessage);
            default -> status >= 500 || status < 400
                    ? new Unavailable(operation, status, asteriskMessage, null)
                    : new BadRequest(operation, status, asteriskMessage);
        };
    }

    /** Unwraps {@code CompletionException}s so callers can pattern match on what actually failed. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.CompletionException
                || cur instanceof java.util.concurrent.ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
