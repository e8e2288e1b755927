/**
 * FastAGI alternative to ARI, for sites that keep call control in their dialplan: {@code /route}
 * answers the same route lookup by setting channel variables, and the dialplan dials.
 */
package org.maskline.agi;
