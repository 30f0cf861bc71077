# chat-user-mock: a local test double of five chat platforms' user APIs, on one port.
#
#   docker build -t chat-user-mock .
#   docker run --rm -p 127.0.0.1:8080:8080 -v chat-user-mock-data:/data chat-user-mock
#
# A test tool only: its well-known credentials are public. Never expose it to the internet.
# Plain Dockerfile syntax (no BuildKit-only features), so the legacy builder builds it too.

# ---- build: compile TypeScript and the better-sqlite3 native addon -------------------------------
FROM node:22-bookworm-slim AS build
# Lets scripts/test-docker.sh find this stage's superseded images (the legacy builder keeps them as cache).
LABEL chat-user-mock.stage=build

# Toolchain for better-sqlite3 (built from source, so no prebuilt binary is downloaded) and tini.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# Dependencies first: this layer is reused as long as package*.json do not change.
# --ignore-scripts, then only the one install script the runtime needs: better-sqlite3, from source
# (build_from_source skips prebuild-install's download; nodedir makes node-gyp use the headers the
# node image ships instead of downloading them; JOBS: node-gyp's parallel make). Then keep only the addon.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && JOBS=max npm_config_build_from_source=true npm_config_nodedir=/usr/local npm rebuild better-sqlite3 \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ && rm -rf build deps src \
 && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/ \
 && cd /app && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.js ./scripts/
COPY src ./src
# npm ci --ignore-scripts skipped `prepare`: build here.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && find dist \( -name '*.map' -o -name '*.d.ts' -o -name '.tsbuildinfo' \) -delete \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# ---- runtime: production dependencies, compiled output, seeds -------------------------------------
FROM node:22-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DB_PATH=/data/chat-user-mock.sqlite \
    LOG_FORMAT=json

WORKDIR /app
# tini as PID 1: forwards docker stop's SIGTERM to node (which closes gracefully) and reaps zombies.
COPY --from=build /usr/bin/tini-static /usr/bin/tini
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY seeds ./seeds

# Data lives in /data, owned by the unprivileged 'node' user (uid 1000) of the base image.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

EXPOSE 8080
# node, not curl (the image has none); follows PORT at run time. health/ready are open even with MOCK_ADMIN_TOKEN.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/__mock/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/server.js"]
