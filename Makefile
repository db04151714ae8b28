# The two commands: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test test-fast demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,semantic]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Embedded defaults: a SQLite file under instance/ and the embedded search index.
demo: install
	$(FLASK) db upgrade
	$(FLASK) listings import marketplace/demo/listings.json
	# An unchanged import writes nothing, so rebuild the index in case its format changed.
	$(FLASK) search reindex --quiet

run: demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# Starts PostgreSQL (and Elasticsearch), runs the suite on every backend, stops what it started.
test: install
	scripts/run-tests.sh

clean:
	rm -rf $(VENV) .services .pytest_cache .hypothesis
