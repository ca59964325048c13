# The production image: gunicorn for web, the same image runs the Celery worker and beat.
# docker-compose.yml shows how the pieces are wired; the runtime settings come from the
# environment (config.settings.production refuses to start without SECRET_KEY).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

# WeasyPrint lays out PDFs with Pango and HarfBuzz and needs real fonts; gettext compiles
# the translations (English, Welsh, Dutch).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-liberation gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned dependencies from pyproject.toml alone, so a code change reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Static files and compiled messages are built into the image, with the base settings:
# the production ones need runtime secrets. The app runs as an unprivileged user that can
# write only var/ (uploaded attachments live in var/media, a volume in compose).
RUN DJANGO_SETTINGS_MODULE=config.settings.base python manage.py collectstatic --noinput \
    && if [ -d locale ]; then DJANGO_SETTINGS_MODULE=config.settings.base python manage.py compilemessages; fi \
    && useradd --system --uid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin retentie \
    && rm -rf /app/var && mkdir -p /app/var/media \
    && chown -R retentie:retentie /app/var

USER retentie
ENV DJANGO_SETTINGS_MODULE=config.settings.production
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
