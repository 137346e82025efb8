# syntax=docker/dockerfile:1.7
#
# One image for every Procure process: the gateway, the five services' HTTP
# processes, their workers, and the one-shot `procure migrate <name>` and
# `procure keys generate` commands. Only the command differs (see
# docker-compose.yml and deploy/base/).
#
#   docker build -t procure:local .
#
# Debian bookworm is pinned so that `libmagic1` keeps its name (trixie renamed
# it libmagic1t64); builder and runtime use the same base so the virtualenv
# copied between them finds the same interpreter at the same path.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --------------------------------------------------------------------------
# builder: compilers and headers, builds the wheel and a self-contained venv
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/procure
ENV PATH=/opt/procure/bin:$PATH

WORKDIR /src
COPY pyproject.toml README.md ./
COPY procure ./procure
COPY services ./services
COPY gateway ./gateway
COPY bench ./bench

# Build the project's wheel, then install it (and its dependencies) into the
# venv; the runtime stage copies only the venv.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --upgrade pip wheel \
 && pip wheel --no-deps --wheel-dir /wheels . \
 && pip install /wheels/procure-*.whl \
 && procure --help >/dev/null

# --------------------------------------------------------------------------
# runtime: slim, no compilers, non-root
# --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="Procure" \
      org.opencontainers.image.description="Headless, API-first e-procurement suite" \
      org.opencontainers.image.licenses="EUPL-1.2"

# libmagic1: file type detection (python-magic); tini: PID 1 that forwards
# signals and reaps children, so `procure worker` stops cleanly on SIGTERM.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmagic1 tini \
 && rm -rf /var/lib/apt/lists/*

# Fixed UID/GID 10001 so Kubernetes' runAsUser/fsGroup and volume ownership
# are predictable. No login shell, no home.
RUN groupadd --system --gid 10001 procure \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
            --home-dir /nonexistent --shell /usr/sbin/nologin procure \
 && mkdir -p /etc/procure/signing-keys \
 && chown 10001:10001 /etc/procure/signing-keys \
 && chmod 0700 /etc/procure/signing-keys

COPY --from=builder /opt/procure /opt/procure

# XDG_RUNTIME_DIR: where gunicorn puts its control socket (/tmp is a tmpfs or
# emptyDir in compose and Kubernetes, the root filesystem is read-only).
# GUNICORN_CMD_ARGS: worker heartbeat files on a memory filesystem.
ENV PATH=/opt/procure/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    XDG_RUNTIME_DIR=/tmp \
    GUNICORN_CMD_ARGS="--worker-tmp-dir /dev/shm" \
    PROCURE_ENV=production \
    PROCURE_LOG_FORMAT=json \
    PROCURE_SIGNING_KEYS_DIR=/etc/procure/signing-keys

WORKDIR /opt/procure
USER 10001:10001
EXPOSE 8000

# No curl in slim images: probe /healthz with the interpreter that is there.
# (Worker and one-shot containers disable this check in docker-compose.yml.)
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "8", "gateway.app:create_app()"]
