# The two commands of the project (see README.md).
.PHONY: run test lint

run:
	scripts/bootstrap
	.venv/bin/refwatch serve

test:
	scripts/bootstrap --dev
	.venv/bin/ruff check refwatch tests bench
	.venv/bin/python -m pytest
	# The store again, on a real PostgreSQL server (the server database of DATABASE_URL).
	scripts/test-postgres
	# An install with the pip Python ships (not the upgraded one bootstrap uses) brings everything.
	scripts/check-stock-pip
	# A short fuzz run of the extractor and the parsers (bench/fuzz.sh N runs longer ones by hand).
	PYTHON=.venv/bin/python bench/fuzz.sh 2000

lint:
	.venv/bin/ruff check refwatch tests bench
	.venv/bin/ruff format --check refwatch tests bench
