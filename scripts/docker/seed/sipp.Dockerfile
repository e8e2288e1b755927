# Test-only: SIPp from Debian sid (the version the sandbox runs and the scenarios are written for),
# to play the phones inside the Docker test's network namespace.
ARG BASE
FROM ${BASE}
ARG APT_OPTIONS=
RUN apt-get $APT_OPTIONS update \
 && DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTIONS install -y --no-install-recommends sip-tester \
 && rm -rf /var/lib/apt/lists/*
