/**
 * Persistence on H2 or PostgreSQL through HikariCP and Flyway: numbers, sessions, routing keys and the call log. The database enforces the routing-key invariant.
 */
package org.maskline.store;
