# Carte Blanche — deux commandes sur une machine neuve avec Python 3.11+ : `make run` et `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PIP_FLAGS := --quiet --disable-pip-version-check --require-hashes

.DEFAULT_GOAL := help
.PHONY: help systeme install run serve demo test lint format quality npm bench clean

help:
	@echo "make run     — installe, migre, importe le territoire, charge la démo et sert http://$(HOST):$(PORT)/"
	@echo "make test    — suite de tests complète, ruff et makemigrations --check"
	@echo "make systeme — paquets Debian/Ubuntu (Pango pour les PDF…) : les installe si possible, sinon dit comment"

# Paquets système : la liste et l'installation vivent dans scripts/paquets_systeme.py (.ci/run l'utilise aussi).
systeme:
	@$(PYTHON) scripts/verifier_python.py
	@$(PYTHON) scripts/paquets_systeme.py

$(BIN)/python: | systeme
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installe: $(BIN)/python requirements/dev.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements/dev.txt
	@touch $@

install: systeme $(VENV)/.installe

# axe-core pour les tests d'accessibilité dans Chromium (npm, si Node.js est présent).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : les tests d'accessibilité dans le navigateur seront signalés ignorés."; fi

npm: node_modules/.package-lock.json

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py importer_communes --departement 46
	$(BIN)/python manage.py importer_territoire
	$(BIN)/python manage.py charger_demo

run: demo
	@$(PYTHON) scripts/paquets_systeme.py --afficher
	@echo ""
	@echo "  Carte Blanche est servie sur http://$(HOST):$(PORT)/  (Ctrl+C pour arrêter)"
	@echo "  Administration : http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

quality: lint
	DJANGO_SETTINGS_MODULE=carteblanche.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: install npm quality
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
