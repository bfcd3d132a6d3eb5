# newsledger: two commands for a newcomer (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= newsledger.db
# Re-install when the dependency pins change.
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: install demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,pandas,spark]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the pinned package with its test tools

demo: install  ## ingest + extract the bundled examples into ./newsledger.db and print a summary
	NEWSLEDGER_PROFILE=conflict $(BIN)/newsledger extract examples/ --db $(DB)  # war reporting
	@NEWSLEDGER_PROFILE=conflict $(BIN)/newsledger stats --db $(DB)  # the profile the examples were extracted with
	@echo
	@echo "Next, try:"
	@echo "  $(BIN)/newsledger show <ID> --db $(DB)          # one article's figures, quotes and claims (ids: see below)"
	@echo "  $(BIN)/newsledger export -f csv -t figures --db $(DB) -o figures.csv"
	@echo "  $(BIN)/newsledger export -f parquet -t metrics --db $(DB) > metrics.parquet"
	@echo "  $(BIN)/newsledger extract --jsonl --no-store examples/text/*.txt > articles.jsonl"
	@echo "  $(BIN)/newsledger eval eval/gold/set_a.jsonl"
	@echo "  $(BIN)/datasette $(DB) -m datasette/metadata.json    # raw tables, search, canned queries"
	@echo "  $(BIN)/python -c 'import newsledger; print(newsledger.open_ledger(\"$(DB)\").to_pandas(\"figures\").head())'"
	@echo
	@echo "Article ids (first 4):"
	@$(BIN)/newsledger export -f csv -t articles --db $(DB) 2>/dev/null | cut -d, -f1,2 | sed -n '2,5p'
	@echo
	@echo "Open the ledger in a browser:"
	@echo "  $(BIN)/newsledger serve --db $(DB)                # then visit http://127.0.0.1:8000/"

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: install  ## ruff, mypy and pytest (pytest's exit 5, "no tests collected", counts as a failure)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	@$(BIN)/pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

bench: install  ## print throughput of extract vs bare spaCy
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(DB) $(DB)-wal $(DB)-shm
