"""Logs never hold a protected name: every log record is redacted as it is made.

A record factory (not a handler filter) is used so that every handler, including ones added
later by a test runner or a deployment, gets the redacted message; the filter class is there
too for logging configurations that want it explicitly.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Any
from urllib.parse import unquote

import regex as re

_busy = threading.local()
_installed = False


def _redact(text: str) -> str:
    # Redaction may query the database, which may log: never recurse into ourselves.
    if getattr(_busy, "on", False):
        return text
    _busy.on = True
    try:
        from refwatch.protection.names import redact

        return redact(text)
    except Exception:
        # Before migrations, or with no key yet, there are no protected names to hide.
        return text
    finally:
        _busy.on = False


# A name can reach a log escaped: Django writes a request's path with unicode_escape
# ("Not Found: /\uae40\ucca0\uc218/") so that it cannot forge log lines, and servers log it
# percent-encoded. Only letters are decoded: a decoded control character would forge lines again.
_ESCAPED = re.compile(r"(?:\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8})+")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_LETTERS = re.compile(r"^[\p{L}\p{M}]+$")


def _unescape(m: re.Match[str]) -> str:
    decoded = m.group().encode("ascii").decode("unicode_escape")
    return decoded if _LETTERS.match(decoded) else m.group()


def _unquote(m: re.Match[str]) -> str:
    try:
        decoded = unquote(m.group(), errors="strict")
    except UnicodeDecodeError:
        return m.group()
    return decoded if _LETTERS.match(decoded) else m.group()


def readable(text: str) -> str:
    """`text` with escaped and percent-encoded letters written as letters, for redaction to see."""
    return _PERCENT.sub(_unquote, _ESCAPED.sub(_unescape, text))


def _redact_any(text: str) -> str:
    clean = _redact(text)
    if clean != text:
        return clean
    shown = readable(text)
    if shown != text:
        clean = _redact(shown)
        if clean != shown:
            return clean
    return text


def redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:
        return
    clean = _redact_any(message)
    if clean != message or record.args:
        record.msg, record.args = clean, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _redact_any("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def install() -> None:
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
