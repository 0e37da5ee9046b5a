# The project's commands. Setup is implicit: every target builds the environments it needs.
#   make demo   the main job: the full pipeline on DuckDB, against the sandbox unless credentials are given
#   make test   every test suite, each in its own toolchain environment
#   make bench  benchmarks (tables, not timed tests)
#   make lint   ruff and mypy
#
# Layout convention: envs/<env>.txt builds .venvs/<env>; tests/<env>/ runs with that
# environment's pytest; benchmarks/<env>/*.py run with that environment's python.

PYTHON_VERSION := 3.11
VENVS := .venvs
UV := $(shell command -v uv 2>/dev/null || echo $(VENVS)/.uv/bin/uv)
ENVS := $(filter-out debian,$(basename $(notdir $(wildcard envs/*.txt))))

.PHONY: help demo test bench lint envs services clean $(addprefix test-,$(ENVS))
.DEFAULT_GOAL := help

help:
	@sed -n '2,5p' Makefile | sed 's/^# *//'

$(VENVS)/.uv/bin/uv:
	python3 -m venv $(VENVS)/.uv
	$(VENVS)/.uv/bin/pip install --quiet uv

# One environment per toolchain, updated in place when its requirements file changes.
$(VENVS)/%/.built: envs/%.txt | $(UV)
	[ -x $(VENVS)/$*/bin/python ] || $(UV) venv --quiet --python $(PYTHON_VERSION) $(VENVS)/$*
	$(UV) pip install --quiet --python $(VENVS)/$*/bin/python -r envs/$*.txt
	touch $@

envs: $(foreach e,$(ENVS),$(VENVS)/$(e)/.built)

# Servers the tests need (PostgreSQL...), installed and started if missing.
services:
	@for s in tools/services/*.sh; do [ -x "$$s" ] && "$$s" || exit 1; done; true

demo: envs
	$(VENVS)/sandbox/bin/python pipeline/run.py

# The suites run side by side (each in its own environment); each one's output is
# printed whole when it ends. TEST_JOBS=1 runs them one after another.
TEST_JOBS ?= 4
test: envs services
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target $(addprefix test-,$(ENVS))

$(addprefix test-,$(ENVS)): test-%: $(VENVS)/%/.built envs services
	@if [ -d tests/$* ]; then echo "== tests/$* (.venvs/$*)"; $(VENVS)/$*/bin/pytest tests/$*; fi

bench: envs services
	@for e in $(ENVS); do for b in benchmarks/$$e/*.py; do [ -f "$$b" ] || continue; \
		echo "== $$b"; $(VENVS)/$$e/bin/python "$$b" || exit 1; done; done

lint: envs
	$(VENVS)/sandbox/bin/ruff check .
	$(VENVS)/sandbox/bin/ruff format --check .
	$(VENVS)/sandbox/bin/mypy sandbox/getty_sandbox
	cd destination-dam && ../$(VENVS)/sandbox/bin/mypy --python-executable ../$(VENVS)/airbyte/bin/python getty_dam destination_dam
	cd destination-dam && ../$(VENVS)/sandbox/bin/mypy --python-executable ../$(VENVS)/singer/bin/python getty_dam target_dam
	cd destination-erp && ../$(VENVS)/sandbox/bin/mypy --python-executable ../$(VENVS)/airbyte/bin/python getty_erp destination_erp
	cd destination-erp && ../$(VENVS)/sandbox/bin/mypy --python-executable ../$(VENVS)/singer/bin/python getty_erp target_erp

clean:
	rm -rf $(VENVS)
