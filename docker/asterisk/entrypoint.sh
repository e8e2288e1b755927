#!/bin/sh
# The Asterisk image's start: the image carries no secret, so the ARI password arrives here, from
# the environment (MASKLINE_ARI_PASSWORD, the same value Maskline gets), and is written to
# ari_site.conf, which the shipped ari.conf includes. A site that mounts its own ari_site.conf
# instead leaves MASKLINE_ARI_PASSWORD unset. Then it runs the command (asterisk -f -n).
set -eu
ETC=${ASTERISK_ETC:-/etc/asterisk}
PLACEHOLDER=CHANGE-ME-to-a-long-random-secret
die() { echo "maskline-asterisk: $*" >&2; exit 1; }

if [ -n "${MASKLINE_ARI_PASSWORD:-}" ]; then
  p=$MASKLINE_ARI_PASSWORD
  [ "$p" != "$PLACEHOLDER" ] || die "MASKLINE_ARI_PASSWORD is the sample's placeholder: set a long random one (openssl rand -hex 24)"
  [ ${#p} -ge 16 ] || die "MASKLINE_ARI_PASSWORD is shorter than 16 characters: use a long random one (openssl rand -hex 24)"
  # ari.conf values end at ';' and at a line break: allow only characters that stay one value.
  case $p in *[!A-Za-z0-9._~+/=@%^,:-]*) die "MASKLINE_ARI_PASSWORD may hold only letters, digits and ._~+/=@%^,:- (openssl rand -hex 24 fits)" ;; esac
  umask 077
  printf '; Written at container start from MASKLINE_ARI_PASSWORD; never baked into the image.\n[maskline](+)\npassword = %s\npassword_format = plain\n' "$p" >"$ETC/ari_site.conf"
  unset MASKLINE_ARI_PASSWORD
elif [ ! -s "$ETC/ari_site.conf" ]; then
  die "no ARI password: set MASKLINE_ARI_PASSWORD (the value Maskline uses), or mount your ari_site.conf"
fi
exec "$@"
