# Image de production de Carte Blanche (web, worker et beat partagent la même image).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=carteblanche.settings.prod

WORKDIR /app

# Bibliothèques de WeasyPrint (Pango, HarfBuzz), listées une seule fois dans scripts/paquets_systeme.py ;
# curl pour les sondes de santé.
COPY scripts/paquets_systeme.py scripts/paquets_systeme.py
RUN apt-get update \
    && python scripts/paquets_systeme.py --exiger \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 carteblanche && chown -R carteblanche /app
USER carteblanche
EXPOSE 8000
CMD ["gunicorn", "carteblanche.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
