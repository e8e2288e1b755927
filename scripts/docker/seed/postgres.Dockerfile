# Test-only stand-in for the official postgres image (docker/compose.yaml pins it), which cannot be
# pulled here: Debian's PostgreSQL of the same major version, with the part of the official image's
# contract the compose file uses (POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD_FILE, PGDATA under
# the /var/lib/postgresql volume, pg_isready on PATH).
ARG BASE
FROM ${BASE}
ARG APT_OPTIONS=
ARG PG_MAJOR
RUN apt-get $APT_OPTIONS update \
 && DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTIONS install -y --no-install-recommends "postgresql-$PG_MAJOR" \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql "/var/lib/postgresql/$PG_MAJOR" \
 && install -d -o postgres -g postgres -m 2775 /var/run/postgresql
ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:$PATH PGDATA=/var/lib/postgresql/$PG_MAJOR/docker
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER postgres
VOLUME ["/var/lib/postgresql"]
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
