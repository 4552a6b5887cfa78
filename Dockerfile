# bilimbot: a small image, a non-root user, the database on a volume.
# Debian's own Python on debian:trixie-slim. Checked for real without a Docker engine by
# deploy/check_image.py (podman builds this file, then the result is run from its mount).
FROM debian:trixie-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/bilimbot
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY replies replies
COPY knowledge knowledge
COPY db db
# Optional parts from pyproject's extras, comma-separated: postgres (the asyncpg driver)
# and redis (aiogram's RedisStorage client, which the bot also installs by itself), so one
# image serves both compose profiles. --build-arg EXTRAS= builds a bot without asyncpg
# (SQLite only).
ARG EXTRAS=postgres,redis
# Behind a TLS-inspecting proxy, pass its CA bundle for this step only (it stays out of
# the image): --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt
RUN --mount=type=secret,id=ca \
    if [ -s /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi \
    && /opt/bilimbot/bin/pip install --no-cache-dir --disable-pip-version-check \
        ".${EXTRAS:+[$EXTRAS]}" \
    && /opt/bilimbot/bin/pip uninstall -y --disable-pip-version-check pip

FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && apt-get clean && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 bilimbot \
    && mkdir /data && chown bilimbot:bilimbot /data
COPY --from=build /opt/bilimbot /opt/bilimbot
USER bilimbot
WORKDIR /home/bilimbot
ENV PATH=/opt/bilimbot/bin:/usr/local/bin:/usr/bin:/bin \
    BILIMBOT_DB=/data/bilimbot.sqlite3 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8080
# SIGTERM lets aiogram finish in-flight updates and the services close the database.
STOPSIGNAL SIGTERM
CMD ["bilimbot", "run"]
