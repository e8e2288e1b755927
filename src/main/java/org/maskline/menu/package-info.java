/**
 * The voice menu of the service numbers (issue 14): what a call that cannot go straight through is
 * offered (reach the other party again inside the recontact window, an operator, a callback when the
 * other party is unavailable), the prompts it plays and the keys it reads. {@link org.maskline.menu.Menu}
 * is the menu's logic alone (prompts, keys, retries); the call flow drives it over ARI (playbacks,
 * ChannelDtmfReceived) and carries out the choice.
 */
package org.maskline.menu;
