package org.maskline.sessions;

/** A participant of a session being created: a normalized real number and an optional label. */
public record NewParticipant(String number, String label) {}
