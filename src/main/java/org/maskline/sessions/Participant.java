package org.maskline.sessions;

/**
 * One side of a session.
 *
 * @param number      the real number, E.164
 * @param label       free text from the operator (e.g. "rider"), may be null
 * @param proxyNumber the pool number this participant dials to reach the other one, and sees as the
 *                    caller ID when the other one calls
 */
public record Participant(String number, String label, String proxyNumber) {}
