# syntax=docker/dockerfile:1
# k8s study bot: build with dev dependencies, run with production ones only.
#   docker build -t k8s-study-bot .
#   docker run --env-file .env -v studybot-data:/app/data -p 3000:3000 k8s-study-bot

ARG NODE_IMAGE=node:20-bookworm-slim

# sqlite3 is a native module: when no prebuilt binary matches, npm compiles it,
# which needs python3, make and g++. Only the stages that install dependencies get them.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY scripts ./scripts
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the bot: the code and content cannot be changed at run time.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY content ./content
# The default STORE_URL (sqlite://data/studybot.sqlite, relative to /app) keeps its file
# here, the only place the bot writes. With STORE_URL=redis://… nothing is written.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
# Numeric, so Kubernetes can verify runAsNonRoot (uid 1000 is the image's "node" user).
USER 1000:1000
EXPOSE 3000
# The HTTP server runs whenever a platform adapter does (DISCORD_TOKEN or SLACK_BOT_TOKEN set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly, not npm: SIGTERM then reaches the bot, which shuts down cleanly.
CMD ["node", "dist/src/main.js"]
