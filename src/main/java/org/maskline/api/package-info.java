/**
 * The management REST API and the health and metrics endpoints, on Netty. Translates HTTP to sessions-domain calls and back; holds no domain logic.
 */
package org.maskline.api;
