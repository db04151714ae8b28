# The two commands: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# The NHS.UK design system (served by the pages) and axe-core (the browser tests), from npm.
ASSETS := marketplace/web/assets
ASSETS_STAMP := $(ASSETS)/node_modules/.installed-$(shell cksum < $(ASSETS)/package-lock.json | cut -d' ' -f1)

.PHONY: install run test test-fast demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,semantic]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(ASSETS_STAMP): $(ASSETS)/package-lock.json
	npm ci --prefix $(ASSETS) --no-audit --no-fund --loglevel=error
	touch $(ASSETS_STAMP)

install: $(STAMP) $(ASSETS_STAMP)

# Embedded defaults: a SQLite file under instance/ and the embedded search index.
demo: install
	$(FLASK) db upgrade
	$(FLASK) listings import marketplace/demo/listings.json
	# The platform team has checked most demo organisations; two are left to show the "not yet verified" marker.
	$(FLASK) organisations verify --all --except org-tissueview --except org-beacon-health
	# What people do with the listings: responses, a pooled need, a shortlist, claims, confirmations.
	$(FLASK) demo journey
	$(FLASK) claims remind
	# An unchanged import writes nothing, so rebuild the index in case its format changed.
	$(FLASK) search reindex --quiet
	# Demo accounts to sign in with (DEMO_PASSWORD, or one generated once into the instance folder).
	@pw="$${DEMO_PASSWORD:-}"; \
	if [ -z "$$pw" ]; then \
	  f="$${INSTANCE_PATH:-instance}/demo_password"; mkdir -p "$$(dirname "$$f")"; \
	  [ -s "$$f" ] || { $(BIN)/python -c 'import secrets; print("demo-" + secrets.token_urlsafe(12))' > "$$f"; chmod 600 "$$f"; }; \
	  pw=$$(cat "$$f"); \
	fi; \
	echo "$$pw" | $(FLASK) users create --email trust@example.nhs.uk --name 'Tara Singh (demo trust user)' --organisation org-northfield-teaching-ft --role admin --password-stdin >/dev/null && \
	echo "$$pw" | $(FLASK) users create --email innovator@example.com --name 'Ian Okafor (demo innovator)' --organisation org-brightpath-health --role admin --password-stdin >/dev/null && \
	echo "$$pw" | $(FLASK) users create --email admin@example.nhs.uk --name 'Ada Lewis (demo platform administrator)' --platform-admin --password-stdin >/dev/null && \
	echo "Demo accounts (password: $$pw): trust@example.nhs.uk, innovator@example.com, admin@example.nhs.uk"

# http://127.0.0.1 is not HTTPS: the session cookie must not be Secure-only there.
run: demo
	SESSION_COOKIE_SECURE=0 OAUTH2_ALLOW_HTTP=1 $(FLASK) run --host 127.0.0.1 --port 5000

# Starts PostgreSQL (and Elasticsearch), runs the suite on every backend, stops what it started.
test: install
	scripts/run-tests.sh

clean:
	rm -rf $(VENV) .services .pytest_cache .hypothesis
