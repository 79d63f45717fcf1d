# Production image: gunicorn serving Phresh, or a job-queue worker, from
# the same image, run as a non-root user (docker-entrypoint.sh):
#   docker run IMAGE           the web (gunicorn)
#   docker run IMAGE worker    one queue worker (emails, reminders)
# Migrations are a release step (see README): run `flask db upgrade` once per
# deploy with the same image before the new containers take traffic.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FLASK_APP=wsgi \
    PHRESH_ENV=production \
    PORT=8000 \
    WEB_CONCURRENCY=2

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY cleaning_app ./cleaning_app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY wsgi.py docker-entrypoint.sh ./

RUN useradd --create-home --uid 10001 phresh \
    && mkdir -p instance && chown phresh instance
USER phresh

EXPOSE 8000
# The app refuses to start without a real SECRET_KEY (PHRESH_ENV=production).
ENTRYPOINT ["sh", "/app/docker-entrypoint.sh"]
CMD ["web"]
