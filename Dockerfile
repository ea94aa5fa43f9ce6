# Cohesion Strategy Toolkit: production image.
#   docker build -t cohesion-strategy-toolkit .
#   docker compose up        (with PostgreSQL; see compose.yaml)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # Import the app from /app, not from site-packages: the `cohesion` command finds alembic.ini and
    # migrations/ next to the app package (app.config.ROOT), and the wheel does not contain alembic.ini.
    PYTHONPATH=/app \
    COHESION_ENV=production

WORKDIR /app

# WeasyPrint draws the strategy PDF with pango and harfbuzz; Liberation Sans stands in for Arial.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from the runtime lock alone (every package at one version and hash, setuptools to build
# the app included), so this layer is reused when only the code changes. `make lock` writes the lock.
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-runtime.lock

COPY pyproject.toml alembic.ini ./
COPY migrations/ migrations/
COPY seed/ seed/
COPY app/ app/
# The app itself (the `cohesion` command), built with the locked setuptools; its dependencies are installed.
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && rm -rf build *.egg-info

# Run as an unprivileged user that owns nothing but var/ (SQLite lives there when DATABASE_URL is unset).
RUN groupadd --system --gid 10001 cohesion \
    && useradd --system --uid 10001 --gid cohesion --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin cohesion \
    && mkdir -p /app/var \
    && chown cohesion:cohesion /app/var
USER cohesion:cohesion

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

# Apply migrations, then serve. Needs DATABASE_URL and COHESION_SECRET_KEY (32+ random characters);
# behind a reverse proxy, set FORWARDED_ALLOW_IPS to its address so client IPs and https are trusted.
CMD ["sh", "-c", "cohesion migrate && cohesion serve --host 0.0.0.0 --port 8000 --workers 2"]
