"""Encryption for the store's confidential documents: original bytes, text, quotes.

The store (refwatch.knowledge) keeps a confidential document's evidence unaltered but sealed:
the same AES-256-GCM envelope encryption as personal fields, with the document's SHA-256 and the
part ("original" for the file, "<model>.<column>" such as "document.text" or "statement.quote"
for a column; see refwatch.knowledge.fields) as associated data, so a sealed part cannot be
swapped for another document's or another column's. The data key of scope "document" is separate from the
personal fields' key so that either can be shredded alone.
"""

from __future__ import annotations

from refwatch.protection import crypto

SCOPE = "document"


def seal_bytes(sha256: str, part: str, data: bytes) -> bytes:
    return crypto.seal(SCOPE, data, f"document:{sha256}:{part}")


def open_bytes(sha256: str, part: str, sealed: bytes) -> bytes:
    return crypto.unseal(sealed, f"document:{sha256}:{part}")


def seal_text(sha256: str, part: str, text: str) -> bytes:
    return seal_bytes(sha256, part, text.encode("utf-8"))


def open_text(sha256: str, part: str, sealed: bytes) -> str:
    return open_bytes(sha256, part, sealed).decode("utf-8")


def is_sealed(data: bytes) -> bool:
    """True for bytes in refwatch's sealed format (a PDF or text file never starts with 0x01)."""
    return len(data) > 5 and data[:1] == crypto.FORMAT_V1
