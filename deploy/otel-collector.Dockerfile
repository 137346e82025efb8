# The official collector image is built FROM scratch: no shell, no curl, so a
# container health check has nothing to run (open-telemetry/opentelemetry-
# collector-contrib#30798, #40517). This adds one statically linked busybox
# binary as /probe and nothing else; the collector and its entrypoint are the
# official ones. docker-compose.yml builds it as `otel-collector`.
ARG OTELCOL_VERSION=0.139.0
ARG BUSYBOX_IMAGE=busybox:1.37-musl

FROM ${BUSYBOX_IMAGE} AS probe

FROM otel/opentelemetry-collector-contrib:${OTELCOL_VERSION}
COPY --from=probe /bin/busybox /probe
# The health_check extension (deploy/otel-collector.yaml) answers on 13133.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/probe", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:13133/"]
