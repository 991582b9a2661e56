# otelcol-audit container image: build the release binary, ship it alone on distroless.
#   docker build -t otelcol-audit:0.1.0 .
#   docker run --rm -p 4318:4318 \
#     -v $PWD/collector-config/otlp-to-file.yaml:/etc/otelcol-audit/config.yaml:ro otelcol-audit:0.1.0
# (This Dockerfile is not built in CI: the project's CI machines have no container engine.)

FROM rust:1-bookworm AS builder
# protoc, for crates that generate protobuf code at build time (the Pulsar client).
RUN apt-get update \
 && apt-get install -y --no-install-recommends protobuf-compiler \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin otelcol-audit \
 && install -D -m 0755 target/release/otelcol-audit /out/otelcol-audit \
 && install -d -m 0755 /out/etc/otelcol-audit \
 && install -m 0644 collector-config/otlp-to-debug.yaml /out/etc/otelcol-audit/config.yaml \
 && install -d -m 0750 /out/var/lib/otelcol/file_storage

# distroless cc: glibc, libgcc, CA certificates, tzdata; no shell, no package manager.
# The :nonroot tag runs as uid/gid 65532, the user the Helm chart's securityContext names.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /out/otelcol-audit /otelcol-audit
COPY --from=builder /out/etc/otelcol-audit /etc/otelcol-audit
# Checkpoints and persistent queues (mount a volume here); owned by the nonroot user.
COPY --from=builder --chown=65532:65532 /out/var/lib/otelcol /var/lib/otelcol
USER 65532:65532
# OTLP gRPC, OTLP HTTP, health_check, self-metrics (Prometheus)
EXPOSE 4317 4318 13133 8888
ENTRYPOINT ["/otelcol-audit"]
CMD ["--config", "/etc/otelcol-audit/config.yaml"]
