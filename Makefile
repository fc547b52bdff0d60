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

lint:
	.venv/bin/ruff check refwatch tests bench
	.venv/bin/ruff format --check refwatch tests bench
