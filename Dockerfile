# interview-bot: the built wheel on Debian's slim Python, run as a user without privileges.
#   docker build -t interview-bot .        (or: docker compose build)
# The install steps are deploy/install.sh, which the test suite also runs (tests/test_wheel.py).

FROM python:3.12-slim-bookworm AS build
RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock README.md ./
COPY bot bot
COPY handlers handlers
COPY config config
COPY corpus corpus
COPY assets/fonts assets/fonts
RUN uv build --wheel --out-dir /dist \
 && uv export --frozen --no-dev --no-emit-project --no-hashes -o /dist/constraints.txt

FROM python:3.12-slim-bookworm
COPY deploy/install.sh /tmp/install.sh
COPY --from=build /dist /tmp/dist
RUN INSTALL_WITH_PIP=1 sh /tmp/install.sh --system /tmp/dist /opt/interview-bot \
 && rm -rf /tmp/dist /tmp/install.sh
# The interviews: the image's own, which a volume (or a bind mount of yours) replaces.
COPY corpus /corpus
RUN useradd --system --uid 10001 --no-create-home --home-dir /data bot \
 && mkdir -p /data && chown bot:bot /data /corpus
ENV PATH=/opt/interview-bot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INTERVIEW_BOT_DATA=/data \
    INTERVIEW_BOT_CORPUS=/corpus \
    WEBHOOK_LISTEN=0.0.0.0 \
    METRICS_LISTEN=0.0.0.0
USER bot
WORKDIR /data
# /data: the index (rebuilt by itself) and, without DATABASE_URL, the stats (var/stats.sqlite).
VOLUME ["/corpus", "/data"]
# 8443: the webhook, /healthz and /metrics (webhook mode); 9464: /healthz and /metrics (polling).
EXPOSE 8443 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["python", "-c", "import os, urllib.request as u; p = os.environ.get('WEBHOOK_PORT', '8443') if os.environ.get('WEBHOOK_URL') else os.environ.get('METRICS_PORT', '9464'); u.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=4)"]
ENTRYPOINT ["interview-bot"]
CMD ["run"]
