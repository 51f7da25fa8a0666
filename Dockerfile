# The dashboard and ETL in one image; run the web tier with the default command and the
# ETL with `fotavtrykk etl run` (or `fotavtrykk etl schedule`) against the same DATABASE_URL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    FOTAVTRYKK_DATA_DIR=/data FOTAVTRYKK_HOST=0.0.0.0
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY core ./core
COPY etl ./etl
COPY dashboard ./dashboard
COPY assets ./assets
COPY geodata ./geodata
# Editable: the code finds geodata/ and assets/ beside itself in /app, as in a checkout.
RUN pip install --no-cache-dir -e . && useradd --create-home fotavtrykk && mkdir -p /data \
    && chown fotavtrykk /data
USER fotavtrykk
VOLUME /data
EXPOSE 8050
CMD ["fotavtrykk", "serve", "--host", "0.0.0.0", "--port", "8050", "--workers", "4"]
