# Test-only stand-in for the build base (docker/Dockerfile's BUILD_IMAGE), which cannot be pulled
# here: Debian's JDK 21 and Maven, tagged with the pinned name by scripts/docker-stack.
ARG BASE
FROM ${BASE}
ARG APT_OPTIONS=
RUN apt-get $APT_OPTIONS update \
 && DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTIONS install -y --no-install-recommends openjdk-21-jdk-headless maven ca-certificates-java \
 && rm -rf /var/lib/apt/lists/*
# Certificate authorities the test machine's network adds (TLS inspection), so that Maven in the
# build stage reaches Maven Central as the host does. Empty elsewhere.
COPY local-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null 2>&1
