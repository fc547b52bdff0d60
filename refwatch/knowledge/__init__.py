"""The store: documents, statements and the facts merged from them (owns the database)."""
