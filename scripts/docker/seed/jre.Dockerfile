# Test-only stand-in for the Java runtime base (docker/Dockerfile's RUNTIME_IMAGE), which cannot be
# pulled here: a Java 21 runtime from Debian, tagged with the pinned name by scripts/docker-stack.
ARG BASE
FROM ${BASE}
ARG APT_OPTIONS=
RUN apt-get $APT_OPTIONS update \
 && DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTIONS install -y --no-install-recommends openjdk-21-jre-headless \
 && rm -rf /var/lib/apt/lists/*
