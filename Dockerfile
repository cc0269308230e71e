# One image holding the four Sluice services; the container's command picks the service:
#   docker run IMAGE sluice-webhooks
# Build:  docker build -t sluice --build-arg VERSION=$(git describe --tags --always) --build-arg REVISION=$(git rev-parse HEAD) .
# (SOURCE=<repository URL> fills org.opencontainers.image.source.)

# Debian 12 on both sides: the binaries need the glibc they were linked against, and distroless' cc image is Debian 12.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${SWIFT_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
# The manifest first: resolving the dependencies is a layer of its own that source edits do not invalidate.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# Static Swift standard library and Foundation: the runtime image needs only glibc and libstdc++.
RUN for product in sluice-api sluice-webhooks sluice-worker sluice-metrics; do \
        swift build -c release --static-swift-stdlib --product "$product"; \
    done \
    && bin=$(swift build -c release --static-swift-stdlib --show-bin-path) \
    && mkdir -p /out \
    && cp "$bin"/sluice-api "$bin"/sluice-webhooks "$bin"/sluice-worker "$bin"/sluice-metrics /out/ \
    # Bundle.module looks for the resource bundles (migrations, the OpenAPI document) next to the executable.
    && cp -R "$bin"/sluice_Common.resources "$bin"/sluice_Admin.resources /out/ \
    && strip /out/sluice-api /out/sluice-webhooks /out/sluice-worker /out/sluice-metrics

# No shell, no package manager; user 65532 (nonroot). Health checks use `sluice-api probe URL`.
FROM ${RUNTIME_IMAGE}
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="sluice" \
      org.opencontainers.image.description="Sluice: inbound webhooks, background jobs and outbound webhooks on PostgreSQL" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
COPY --from=build /out/ /usr/local/bin/
USER 65532:65532
ENV HTTP_HOST=0.0.0.0 LOG_FORMAT=json
EXPOSE 8080 8081 8082 9400
CMD ["sluice-api"]
