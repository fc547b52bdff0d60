"""Pages and the HTTP API (reads through refwatch.knowledge)."""
