# STAND-IN for node:20-bookworm-slim, for machines that cannot reach Docker Hub: a minimal Debian
# bookworm with this machine's Node 20 and npm, and the unprivileged user node (1000:1000) that the
# official image has. It also trusts this machine's CA bundle, because the npm registry is reached
# through a TLS-intercepting proxy here; the official image needs nothing of the kind.
FROM parley-standin/debian:bookworm
LABEL org.opencontainers.image.description="Parley stand-in for node:20-bookworm-slim (not the official image)"
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
