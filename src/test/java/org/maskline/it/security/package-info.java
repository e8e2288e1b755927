/**
 * Issue 10 from an attacker's side: each test is one attack, made against the real Asterisk
 * sandbox running the shipped {@code asterisk-conf/} (with only the site values of
 * {@code scripts/sandbox/asterisk/}), from a stranger's loopback address (127.0.0.3 and up) or
 * from the carrier's (127.0.0.1).
 */
package org.maskline.it.security;
