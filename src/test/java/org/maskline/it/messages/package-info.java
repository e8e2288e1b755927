/**
 * Masked text messages (issue 13) through the real sandbox: SIPp plays the carrier that sends the
 * participants' MESSAGEs and the recipients' phones behind it; Maskline runs as users run it.
 */
package org.maskline.it.messages;
