/**
 * The maskline command line for sysadmins (picocli): runs the server, and talks to a running server's REST API.
 */
package org.maskline.cli;
