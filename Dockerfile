# Image de production de Carte Blanche (web, worker et beat partagent la même image).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=carteblanche.settings.prod

# Bibliothèques de WeasyPrint (Pango, HarfBuzz) ; curl pour les sondes de santé.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 carteblanche && chown -R carteblanche /app
USER carteblanche
EXPOSE 8000
CMD ["gunicorn", "carteblanche.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
