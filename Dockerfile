# bilimbot: a small image, a non-root user, the database on a volume.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY knowledge knowledge
COPY db db
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 bilimbot \
    && mkdir /data && chown bilimbot /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER bilimbot
WORKDIR /home/bilimbot
ENV BILIMBOT_DB=/data/bilimbot.sqlite3 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8080
# SIGTERM lets aiogram finish in-flight updates and the services close the database.
STOPSIGNAL SIGTERM
CMD ["bilimbot", "run"]
