/**
 * FastAGI alternative to ARI: answers the same route lookup by setting channel variables, for sites that keep Dial() in their dialplan.
 */
package org.maskline.agi;
