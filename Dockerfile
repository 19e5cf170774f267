# supportbot: the bot, the web desk and the operator's endpoints in one image.
#   docker build -t supportbot .
#   docker run --env-file .env -p 127.0.0.1:8080:8080 -p 127.0.0.1:9464:9464 supportbot
# compose.yaml runs it with PostgreSQL.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY kb kb
COPY adapters adapters
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.12-slim
RUN useradd --system --create-home --home-dir /srv/supportbot supportbot
COPY --from=build /install /usr/local
WORKDIR /srv/supportbot
USER supportbot
# Inside a container the servers listen on every interface; publish the ports on 127.0.0.1 or
# behind a reverse proxy. SQLite under /srv/supportbot/var unless SUPPORTBOT_DATABASE_URL says otherwise.
ENV PYTHONUNBUFFERED=1 \
    SUPPORTBOT_WEB_HOST=0.0.0.0 \
    SUPPORTBOT_OPS_HOST=0.0.0.0 \
    SUPPORTBOT_DATABASE_URL=sqlite:////srv/supportbot/var/supportbot.db
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9464/healthz', timeout=3)"
CMD ["supportbot", "run"]
