# Two commands do all set-up from a fresh clone (only Python >= 3.10 and make needed):
#   make lab    start the course in JupyterLab, opened on notebooks/00-start-here.ipynb
#   make test   run every test: lint, unit tests, data package, and every notebook under strict nbval
# The virtual environment (.venv) is created on first use and reinstalled only when the lock
# (requirements.lock) or pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

.PHONY: lab test unit notebooks lint bench lock execute clean help book

help:
	@echo "make lab        start JupyterLab on the first notebook (sets everything up first)"
	@echo "make test       run every test (sets everything up first)"
	@echo "make bench      print speed and memory figures"
	@echo "make execute    re-run every notebook in a fresh kernel and store its outputs"
	@echo "make book       execute the notebooks and build the static course site in _build/html"
	@echo "make lock       re-pin requirements.lock from pyproject.toml (needs network)"
	@echo "make clean      remove .venv and build output"

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "This course needs Python 3.10 or newer, and '$(PYTHON)' was not found: install Python from python.org or your package manager (or run make PYTHON=/path/to/python3 ...)." >&2; exit 1; }
	@$(PYTHON) tools/check_python.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab: open the URL printed below (Ctrl-C twice to stop)."
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --notebook-dir=. \
	  $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00-start-here.ipynb

test: $(STAMP)
	$(BIN)/ruff check helpers tests tools
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

unit: $(STAMP)
	$(BIN)/python -m pytest tests

notebooks: $(STAMP)
	$(BIN)/python -m pytest notebooks $(NBVAL)

lint: $(STAMP)
	$(BIN)/ruff check helpers tests tools
	$(BIN)/ruff format --check helpers tests tools

bench: $(STAMP)
	$(BIN)/python tools/bench.py

execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

book: $(STAMP)
	$(BIN)/python tools/build_site.py

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra course --extra test --universal \
	  --python-version 3.10 --no-header --annotation-style line -o requirements.lock
	$(PYTHON) tools/sync_environment.py

clean:
	rm -rf $(VENV) _build test-artifacts
