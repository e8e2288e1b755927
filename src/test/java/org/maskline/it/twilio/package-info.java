/** The Twilio Proxy-compatible API end to end: Twilio's SDK, a whole Maskline, real Asterisk and SIPp phones. */
package org.maskline.it.twilio;
