# graphsvc: REST API, graph pages and downloads on port 8000, SQLite on the /data volume.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Same install path as the Makefile: the package with its pins from constraints.txt.
COPY pyproject.toml constraints.txt README.md ./
COPY graphsvc ./graphsvc
COPY static ./static
RUN pip install --no-cache-dir -c constraints.txt . \
    && useradd --create-home --uid 10001 --user-group graphsvc \
    && mkdir -p /data \
    && chown graphsvc:graphsvc /data

ENV GRAPHSVC_DB=/data/graphsvc.db
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000

# No curl in the slim image: probe /healthz with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# An API key is required: bound to 0.0.0.0, `serve` refuses to start without one. Run with
#   docker run -e GRAPHSVC_API_KEY=… -p 8000:8000 -v graphsvc-data:/data IMAGE
# (writes then need the X-API-Key header). The server answers http://localhost:8000 and
# http://127.0.0.1:8000; name other hosts it is reached by, e.g.
#   -e GRAPHSVC_ALLOWED_HOSTS=graphs.example.org
CMD ["graphsvc", "serve", "--host", "0.0.0.0", "--load-demo-if-empty"]
