"""The JSON API (Django Ninja) at /api/: the pages' records, rules and redaction, as JSON."""
