# The dashboard and the ETL in one image. The default command serves the web tier; run the
# ETL from the same image with `fotavtrykk etl run` (or `fotavtrykk etl schedule`) against
# the same DATABASE_URL and /data volume. compose.yaml shows the whole service.
#
# BASE_IMAGE: any Debian-based image with Python 3.11 and python3-venv (tests build on a
# local debootstrap base, as no registry is reachable there).
ARG BASE_IMAGE=python:3.11-slim

# ---- build: the venv with pinned dependencies, and the browser bundles from npm ----------
FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH
# Debian's npm fetches the plotly.js partial bundles; without it (no network to Debian's
# mirror) the build goes on and the app serves the full plotly.js from the Python package.
RUN (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends nodejs npm >/dev/null && rm -rf /var/lib/apt/lists/*) \
    || echo "nodejs/npm not installable: the image will serve the full plotly.js"
WORKDIR /app
RUN python3 -m venv /opt/venv
# Dependencies first, from the lock (constraints.txt), so code changes reuse this layer.
# Editable: the code finds geodata/ and assets/ beside itself in /app, as in a checkout;
# empty packages stand in for the code until it is copied below.
COPY pyproject.toml README.md LICENSE constraints.txt ./
RUN mkdir core etl dashboard && touch core/__init__.py etl/__init__.py dashboard/__init__.py \
    && pip install --quiet -c constraints.txt -e .
# The same bundles as the Makefile's build/node step, at the plotly.js version inside the
# pinned Python plotly package (they must match); dashboard/routes.py serves them.
RUN if command -v npm >/dev/null; then \
      v=$(python -c "from plotly.offline import get_plotlyjs_version as v; print(v())") \
      && npm install --prefix build/node --no-audit --no-fund --no-save --silent \
         "plotly.js-geo-dist-min@$v" "plotly.js-basic-dist-min@$v" regenerator-runtime@0.14 \
      || { echo "npm install failed: the image will serve the full plotly.js"; \
           rm -rf build/node; }; \
    fi; mkdir -p build/node/node_modules
# .dockerignore lets through only the code, assets and geodata (one layer: vfs and other
# copying storage drivers pay for every layer in full).
COPY . .

# ---- runtime: the venv, the code and the bundles; no compilers, no npm ---------------------
FROM ${BASE_IMAGE}
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    FOTAVTRYKK_DATA_DIR=/data FOTAVTRYKK_HOST=0.0.0.0 FOTAVTRYKK_PORT=8050
RUN useradd --create-home --uid 10001 fotavtrykk && mkdir -p /data && chown fotavtrykk /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER fotavtrykk
VOLUME /data
EXPOSE 8050
# /healthz never touches the store, so a database outage does not get the container
# restarted; monitoring asks /readyz for that.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "-c", \
    "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FOTAVTRYKK_PORT', '8050'), timeout=4)"]
CMD ["fotavtrykk", "serve"]
