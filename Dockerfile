# Multi-stage build of the helpdesk: one image serving the API, the docs and the web app.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NG_CLI_ANALYTICS=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The exact versions of package-lock.json: `npm install` installs what the lock file says (npm ci
# refuses this lock file, which lacks optional packages for other platforms).
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data WEB_DIR=/app/dist/apps/web/browser
# Two glibc malloc arenas instead of eight per core: SQLite and bcrypt run on libuv's threads, and
# memory they freed stayed held in each thread's arena (at 100,000 tickets, after the benchmark's
# load: 392-427 MB resident with the default, 296-377 MB with 2, the same throughput; README).
ENV MALLOC_ARENA_MAX=2
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Ready: the database (and Redis, with REDIS_URL) answers, on whatever PORT says.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/apps/api/main.js"]
