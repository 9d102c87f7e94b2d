# One recipe for every Parley process. SERVICE picks which one the image runs:
#   docker build --build-arg SERVICE=gateway -t parley-gateway .     (gateway, users, store, history)
#   docker build --build-arg SERVICE=tui --build-arg APP_DIR=clients/tui -t parley-tui .
# docker-compose.yml sets these for each of its services. tests/static checks this file.
#
# Stages:
#   manifests  the workspace's package.json files and the lockfile, nothing else (cache key for npm ci)
#   build      npm ci (all dependencies) and `npm run build` of the whole workspace (tsc -b)
#   prod-deps  npm ci --omit=dev of the selected app alone (scripts/prune-workspace.mjs): its production
#              dependencies and the workspace libs it links, nothing of the other workspaces
#   app-dist   the compiled output of those same workspaces, taken from build
#   runtime    node:20 slim, production dependencies, the compiled libs and the selected app, non-root

FROM node:20-bookworm-slim AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

FROM base AS manifests
COPY package.json package-lock.json ./
# npm ci needs every workspace of the lockfile present; tests/static checks that each one is listed here.
COPY libs/async/package.json libs/async/
COPY libs/auth/package.json libs/auth/
COPY libs/contracts/package.json libs/contracts/
COPY libs/database/package.json libs/database/
COPY libs/messaging/package.json libs/messaging/
COPY libs/platform/package.json libs/platform/
COPY libs/testing/package.json libs/testing/
COPY services/gateway/package.json services/gateway/
COPY services/users/package.json services/users/
COPY services/store/package.json services/store/
COPY services/history/package.json services/history/
COPY clients/tui/package.json clients/tui/
COPY tests/e2e/package.json tests/e2e/
COPY bench/package.json bench/
COPY tests/faults/package.json tests/faults/
COPY tests/security/package.json tests/security/
COPY tests/static/package.json tests/static/

FROM manifests AS build
RUN npm ci
COPY . .
RUN npm run build

FROM manifests AS prod-deps
ARG SERVICE
ARG APP_DIR=services/${SERVICE}
COPY scripts/prune-workspace.mjs scripts/
# npm ci installs every package of a lockfile, whatever --workspace says: install from a lockfile and
# workspace list cut down to the selected app, the libs it links and their production dependencies.
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=gateway|users|store|history|tui' >&2; exit 1; } \
 && node scripts/prune-workspace.mjs "${APP_DIR}" /runtime \
 && cd /runtime && npm ci --omit=dev

FROM build AS app-dist
ARG SERVICE
ARG APP_DIR=services/${SERVICE}
# The compiled output of the same workspaces, and nothing else of the build.
RUN node scripts/prune-workspace.mjs "${APP_DIR}" /runtime --dist

FROM base AS runtime
ARG SERVICE
ARG APP_DIR=services/${SERVICE}
ENV NODE_ENV=production
COPY --from=prod-deps /runtime ./
COPY --from=app-dist /runtime ./
RUN test -f "${APP_DIR}/dist/src/main.js" || { echo "no ${APP_DIR}/dist/src/main.js: is SERVICE/APP_DIR right?" >&2; exit 1; } \
 && mkdir -p /home/node/.config/parley \
 && chown -R node:node /home/node/.config
WORKDIR /app/${APP_DIR}
# The official image's unprivileged user (uid 1000). The app's files stay root-owned: read-only to it.
USER node
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
