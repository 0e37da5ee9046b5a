# The project's commands. Setup is implicit: every target builds the environments it needs.
#   make demo   the main job (full pipeline on DuckDB, against the sandbox unless credentials are given)
#   make test   every test suite, each in its own toolchain environment
#   make bench  benchmarks (tables, not timed tests)
#   make lint   ruff and mypy

PYTHON_VERSION := 3.11
VENVS := .venvs
UV := $(shell command -v uv 2>/dev/null || echo $(VENVS)/.uv/bin/uv)
TOOLCHAINS := sandbox airbyte singer dbt

.PHONY: demo test test-sandbox test-toolchains bench lint envs clean
.DEFAULT_GOAL := help

help:
	@sed -n '2,6p' Makefile | sed 's/^# *//'

$(VENVS)/.uv/bin/uv:
	python3 -m venv $(VENVS)/.uv
	$(VENVS)/.uv/bin/pip install --quiet uv

# One environment per toolchain, rebuilt when its requirements file changes.
$(VENVS)/%/.built: envs/%.txt | $(UV)
	rm -rf $(VENVS)/$*
	$(UV) venv --quiet --python $(PYTHON_VERSION) $(VENVS)/$*
	$(UV) pip install --quiet --python $(VENVS)/$*/bin/python -r envs/$*.txt
	touch $@

envs: $(foreach t,$(TOOLCHAINS),$(VENVS)/$(t)/.built)

demo: $(VENVS)/sandbox/.built
	$(VENVS)/sandbox/bin/python -m getty_sandbox.demo

test: test-sandbox test-toolchains

test-sandbox: $(VENVS)/sandbox/.built
	$(VENVS)/sandbox/bin/pytest tests/sandbox

test-toolchains: envs
	$(VENVS)/sandbox/bin/pytest tests/toolchains

bench: $(VENVS)/sandbox/.built
	$(VENVS)/sandbox/bin/python benchmarks/sandbox_throughput.py

lint: $(VENVS)/sandbox/.built
	$(VENVS)/sandbox/bin/ruff check .
	$(VENVS)/sandbox/bin/ruff format --check .
	$(VENVS)/sandbox/bin/mypy sandbox/getty_sandbox

clean:
	rm -rf $(VENVS)
