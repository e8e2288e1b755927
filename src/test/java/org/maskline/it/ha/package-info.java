/**
 * Durability, active/standby and graceful stop, tested with Maskline as real processes (killed with
 * SIGKILL, stopped with SIGTERM, paused with SIGSTOP) against the Asterisk sandbox, SIPp phones,
 * H2 files and the PostgreSQL sandbox.
 */
package org.maskline.it.ha;
