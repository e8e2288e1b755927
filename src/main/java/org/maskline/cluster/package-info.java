/**
 * Active/standby: which of several Maskline instances serving one Asterisk node holds its ARI
 * application. A lease row in the shared database (PostgreSQL) names the holder and an epoch;
 * the {@link org.maskline.cluster.LeaseKeeper} takes it when it is free, renews it every third of
 * its duration, and stops acting the moment it can no longer be sure it still holds it, before any
 * other instance can see it expire. The others serve the REST API and wait.
 */
package org.maskline.cluster;
