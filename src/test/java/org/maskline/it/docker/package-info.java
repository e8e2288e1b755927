/**
 * The Docker images and the compose stack, built and run for real by {@code scripts/docker-stack}
 * (its own Docker engine, in a network namespace of its own), with a masked call through them.
 */
package org.maskline.it.docker;
