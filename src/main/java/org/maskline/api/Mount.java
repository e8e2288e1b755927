package org.maskline.api;

import java.util.function.Predicate;

/**
 * An HTTP surface with a protocol of its own under a path prefix (issue 17: {@code /twilio/}, Twilio's
 * wire format). The server hands it every request under the prefix as is: the mount checks the API key
 * however its protocol presents it, reads its own body format and answers in its own error shape. It runs
 * on the API's workers, with the same limits, ordering and deadline as {@code /v1}.
 */
public interface Mount {
    /** The path prefix, {@code /name/}. */
    String prefix();

    /**
     * @param apiKeys true for a configured Maskline API key (compared in constant time)
     * @return the reply; a mount turns its own failures into replies and throws nothing
     */
    ApiResponse handle(ApiRequest request, Predicate<String> apiKeys);
}
