#!/bin/sh
# The Asterisk image's health check. A process that runs is not enough: the control socket must
# answer, the boot must be complete, and ARI's HTTP server (Maskline's way in) must be bound.
set -eu
timeout 4 asterisk -rx 'core waitfullybooted' >/dev/null 2>&1 || { echo "asterisk: control socket silent or still booting" >&2; exit 1; }
timeout 4 asterisk -rx 'http show status' 2>/dev/null | grep -q 'Server Enabled and Bound' || { echo "asterisk: ARI's HTTP server is not bound" >&2; exit 1; }
