FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VAR_DIR=/app/var
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY motions ./motions
COPY letters ./letters
COPY alerts ./alerts
RUN pip install .
COPY . .
# Static files are collected at build time with a throwaway key; the real key comes at run time.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput \
    && (SECRET_KEY=build-only DEBUG=0 python manage.py compilemessages -l nl -l en || true) \
    && useradd --create-home --uid 1000 app && mkdir -p /app/var/media && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
