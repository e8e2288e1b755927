package org.maskline.ari;

/** Where a channel is in the dialplan: context, extension, priority, and the application running there. */
public record DialplanCEP(String context, String exten, long priority, String appName, String appData) {}
