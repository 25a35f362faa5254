# The production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim

# Production by default: the settings then refuse to start without DJANGO_SECRET_KEY,
# EMAIL_URL and the note keys, instead of running in debug with keys from the source.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_DEBUG=false

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic only reads settings; these keys never serve a request or encrypt anything.
ARG BUILD_ONLY_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only EMAIL_URL=dummymail:// \
    CHECKUPS_NOTE_KEYS=$BUILD_ONLY_KEY PEER_SUPPORT_NOTE_KEYS=$BUILD_ONLY_KEY MONITOR_DRAFT_KEYS=$BUILD_ONLY_KEY ACCOUNTS_PHONE_KEYS=$BUILD_ONLY_KEY \
    MESSAGE_KEY_SECRET=collectstatic-only \
    python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 portal && mkdir -p /app/var/beat /app/var/media && chown -R portal /app/var

USER portal
EXPOSE 8000
# wellbeing/gunicorn_conf.py: no access log with addresses (the portal logs JSON lines), shared metrics.
CMD ["gunicorn", "-c", "python:wellbeing.gunicorn_conf", "wellbeing.wsgi:application"]
