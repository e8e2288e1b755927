/**
 * What an operator runs, run as written: the README's commands, and Maskline installed by
 * packaging/install the way its systemd unit starts it.
 */
package org.maskline.it.deploy;
