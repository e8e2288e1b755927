#!/bin/sh
# The Asterisk image's start: the image carries no secret, so the ARI password arrives here, from a
# mounted file (MASKLINE_ARI_PASSWORD_FILE, e.g. a compose secret) or the environment
# (MASKLINE_ARI_PASSWORD), the same value Maskline gets, and is written to ari_site.conf, which the
# shipped ari.conf includes. A site that mounts its own ari_site.conf sets neither.
# Then it runs the command; Asterisk itself runs in the foreground and, on SIGTERM (docker stop),
# stops gracefully: no new calls, and the calls in progress end first (within the stop grace period).
set -eu
ETC=${ASTERISK_ETC:-/etc/asterisk}
PLACEHOLDER=CHANGE-ME-to-a-long-random-secret
die() { echo "maskline-asterisk: $*" >&2; exit 1; }

if [ -n "${MASKLINE_ARI_PASSWORD_FILE:-}" ]; then
  [ -z "${MASKLINE_ARI_PASSWORD:-}" ] || die "set MASKLINE_ARI_PASSWORD_FILE or MASKLINE_ARI_PASSWORD, not both"
  [ -r "$MASKLINE_ARI_PASSWORD_FILE" ] || die "MASKLINE_ARI_PASSWORD_FILE: cannot read $MASKLINE_ARI_PASSWORD_FILE"
  # The file's content, without the line break editors and echo add.
  MASKLINE_ARI_PASSWORD=$(tr -d '\r\n' <"$MASKLINE_ARI_PASSWORD_FILE")
  [ -n "$MASKLINE_ARI_PASSWORD" ] || die "MASKLINE_ARI_PASSWORD_FILE: $MASKLINE_ARI_PASSWORD_FILE is empty"
fi
if [ -n "${MASKLINE_ARI_PASSWORD:-}" ]; then
  p=$MASKLINE_ARI_PASSWORD
  [ "$p" != "$PLACEHOLDER" ] || die "MASKLINE_ARI_PASSWORD is the sample's placeholder: set a long random one (openssl rand -hex 24)"
  [ ${#p} -ge 16 ] || die "MASKLINE_ARI_PASSWORD is shorter than 16 characters: use a long random one (openssl rand -hex 24)"
  # ari.conf values end at ';' and at a line break: allow only characters that stay one value.
  case $p in *[!A-Za-z0-9._~+/=@%^,:-]*) die "MASKLINE_ARI_PASSWORD may hold only letters, digits and ._~+/=@%^,:- (openssl rand -hex 24 fits)" ;; esac
  umask 077
  printf '; Written at container start from MASKLINE_ARI_PASSWORD; never baked into the image.\n[maskline](+)\npassword = %s\npassword_format = plain\n' "$p" >"$ETC/ari_site.conf"
  unset MASKLINE_ARI_PASSWORD p
elif [ ! -s "$ETC/ari_site.conf" ]; then
  die "no ARI password: set MASKLINE_ARI_PASSWORD_FILE (or MASKLINE_ARI_PASSWORD) to the value Maskline uses, or mount your ari_site.conf"
fi
unset MASKLINE_ARI_PASSWORD_FILE

if [ "${1:-}" = asterisk ]; then
  # Not exec: this shell stays PID 1 to turn docker's SIGTERM into a graceful stop.
  "$@" &
  pid=$!
  trap 'asterisk -rx "core stop gracefully" >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null' TERM INT
  rc=0
  while :; do
    if wait "$pid"; then rc=0; else rc=$?; fi
    # Above 128: the trap interrupted the wait while Asterisk still stops; wait for it again.
    if [ "$rc" -gt 128 ] && kill -0 "$pid" 2>/dev/null; then continue; fi
    break
  done
  # Asterisk may have ended while the trap ran: the shell kept its status for this wait (127: none).
  if wait "$pid" 2>/dev/null; then rc=0; else r=$?; [ "$r" -eq 127 ] || rc=$r; fi
  exit "$rc"
fi
exec "$@"
