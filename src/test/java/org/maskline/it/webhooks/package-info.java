/**
 * Webhooks end to end: real calls through the Asterisk sandbox with SIPp phones, and a real HTTP
 * receiver (the JDK's server) in the test that checks the signature of every request it gets.
 */
package org.maskline.it.webhooks;
