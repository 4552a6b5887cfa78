# bilimbot: a small image, a non-root user, the database on a volume.
# Debian's own Python on debian:trixie-slim: deploy/check_image.py replays this file in a
# debootstrapped Debian root, so the recipe is checked even where no Docker engine runs.
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
RUN /opt/bilimbot/bin/pip install --no-cache-dir --disable-pip-version-check . \
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
