# STAND-IN for mongo:8, for machines that cannot reach Docker Hub: FerretDB 1.24 (a MongoDB wire
# protocol server, here on SQLite) listening on 27017 with its data in /data/db, and a minimal
# `mongosh` that evaluates the compose healthcheck's expression and nothing more.
FROM parley-standin/debian:bookworm
LABEL org.opencontainers.image.description="Parley stand-in for mongo:8 (FerretDB 1.24 and a minimal mongosh, not the official image)"
COPY ferretdb /usr/local/bin/ferretdb
COPY node /usr/local/bin/node
COPY mongosh /usr/local/lib/mongosh
RUN chmod +x /usr/local/lib/mongosh/mongosh.mjs && ln -s ../lib/mongosh/mongosh.mjs /usr/local/bin/mongosh && mkdir -p /data/db /data/configdb
VOLUME ["/data/db", "/data/configdb"]
EXPOSE 27017
CMD ["ferretdb", "--handler=sqlite", "--sqlite-url=file:/data/db/", "--state-dir=/data/configdb", \
     "--listen-addr=0.0.0.0:27017", "--debug-addr=-", "--telemetry=disable", "--log-level=warn"]
