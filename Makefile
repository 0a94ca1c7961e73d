# Two commands do all set-up from a fresh clone (only Python >= 3.10 and make needed):
#   make lab    start the course in JupyterLab, opened on notebooks/00-start-here.ipynb
#               (make lab EDITION=id: the Indonesian edition, notebooks/id/00-start-here.ipynb)
#   make test   run every test: lint, unit tests, data package, rehearsals, every notebook (nbval)
# Every target is one call of tools/course.py, which also works without make
# (`python tools/course.py lab`, `py tools\course.py lab` on Windows): it creates .venv on first
# use, reinstalls only when requirements.lock or pyproject.toml changes, and rebuilds a half-made
# .venv left by an interrupted set-up.

PYTHON ?= python3
PORT   ?= 8888
EDITION ?= en
COURSE := $(PYTHON) tools/course.py

.PHONY: lab test unit notebooks lint eval bench execute book student hub-link lock clean help python

help:
	@echo "make lab        start JupyterLab on the first notebook (sets everything up first)"
	@echo "                make lab EDITION=id: the Indonesian edition (Edisi Bahasa Indonesia)"
	@echo "make test       run every test (sets everything up first)"
	@echo "make unit       the tests without the notebooks and the Binder/hub rehearsals"
	@echo "make lint       ruff check and ruff format --check (code and notebooks)"
	@echo "make eval       score text cleaning, fact extraction and alignment against the gold sets"
	@echo "make bench      print speed, size and memory figures"
	@echo "make execute    re-run every notebook in a fresh kernel and store its outputs"
	@echo "make book       execute the notebooks and build the static course site in _build/html"
	@echo "make student    build the student edition (no solutions) in _build/student"
	@echo "make hub-link HUB=https://hub.example.edu   print the nbgitpuller link for a JupyterHub"
	@echo "make lock       re-pin requirements.lock from pyproject.toml (needs network)"
	@echo "make clean      remove .venv and build output"

python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "This course needs Python 3.10 or newer, and '$(PYTHON)' was not found: install Python from python.org or your package manager (or run make PYTHON=/path/to/python3 ...)." >&2; exit 1; }

lab: python
	@$(COURSE) lab --port=$(PORT) --edition=$(EDITION)

test unit notebooks lint eval bench execute book student clean: python
	@$(COURSE) $@

hub-link: python
	@$(COURSE) hub-link "$(HUB)" "$(REPO)" "$(BRANCH)"

lock: python
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra runtime --extra test --universal \
	  --python-version 3.10 --no-header --annotation-style line -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra runtime -c requirements.lock --universal \
	  --python-version 3.10 --no-annotate --custom-compile-command "make lock" \
	  -o requirements-runtime.txt
	@# environment.yml (Binder, conda): its header up to "- pip:", then the runtime pins
	sed '/^  - pip:$$/q' environment.yml > environment.yml.new
	grep -v -e '^#' -e '^$$' requirements-runtime.txt | sed 's/.*/      - "&"/' >> environment.yml.new
	mv environment.yml.new environment.yml
