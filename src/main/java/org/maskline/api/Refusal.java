package org.maskline.api;

/**
 * A request refused before it was whole (too large, an expectation we do not meet, a malformed
 * head). The pipeline passes it on in the request's place, so that its error reply takes its turn
 * behind the replies to earlier pipelined requests; the connection closes after it.
 */
record Refusal(int status, String code, String message) {}
