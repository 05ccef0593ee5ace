# The image `kubectl portguard install` names (ghcr.io/portguard/portguard:VERSION): the kubectl plugin,
# whose `serve` command runs in the cluster. Distroless Node.js 20, no shell, non-root (uid 65532).
#   docker build -t ghcr.io/portguard/portguard:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN corepack enable
COPY . .
# install builds every package (the root `prepare` script); deploy copies the plugin with its
# production dependencies, the workspace packages included, into /out.
RUN pnpm install --frozen-lockfile \
 && pnpm --filter kubectl-portguard deploy --legacy --prod /out

FROM gcr.io/distroless/nodejs20-debian12:nonroot
WORKDIR /app
COPY --from=build --chown=65532:65532 /out /app
USER 65532:65532
ENV NODE_ENV=production
EXPOSE 9090 8443
# The Deployment's args (serve --metrics-addr :9090 …) follow.
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/kubectl-portguard"]
CMD ["serve"]
