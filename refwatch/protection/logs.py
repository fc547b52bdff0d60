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


def redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:
        return
    clean = _redact(message)
    if clean != message or record.args:
        record.msg, record.args = clean, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = _redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))


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
