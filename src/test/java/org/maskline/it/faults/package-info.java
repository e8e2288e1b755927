/**
 * Fault tests of the call path against the real Asterisk sandbox: gaps in which no Maskline is
 * connected, a cut event socket, a database outage, and hostile input from the network. Each
 * asserts what the phones got, that Asterisk is left clean, and that every call-log row is true.
 */
package org.maskline.it.faults;
