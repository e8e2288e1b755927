/**
 * FastAGI alternative to ARI, for sites that keep call control in their dialplan: {@code /route}
 * answers the same route lookup by setting channel variables, and the dialplan dials. Off unless
 * {@code MASKLINE_AGI_ADDR} is set; its answers hold real numbers, so it answers only the peers in
 * {@code MASKLINE_AGI_ALLOW}.
 */
package org.maskline.agi;
