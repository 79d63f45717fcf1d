# Production image: gunicorn serving Phresh, run as a non-root user.
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
COPY wsgi.py .

RUN useradd --create-home --uid 10001 phresh \
    && mkdir -p instance && chown phresh instance
USER phresh

EXPOSE 8000
# gevent workers, as `make run` (cleaning_app/gunicorn_conf.py, which reads
# WEB_CONCURRENCY). The app refuses to start without a real SECRET_KEY
# (PHRESH_ENV=production).
CMD ["sh", "-c", "exec gunicorn wsgi:app --config python:cleaning_app.gunicorn_conf --bind 0.0.0.0:${PORT} --forwarded-allow-ips='*' --access-logfile -"]
