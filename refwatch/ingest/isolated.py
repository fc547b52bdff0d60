"""Reading a file in a child process under limits, so that a hostile file costs only the child.

    >>> from refwatch.ingest.isolated import Bounds, read_isolated
    >>> doc = read_isolated(data, "report.pdf", bounds=Bounds(memory_bytes=1 << 30))

The parsers (PDFium, lxml, zip, Tesseract) are C code fed with bytes from outside: a file built
to make them allocate without end, spin, or write gigabytes would take the worker, or the web
server that runs one, down with it. The child sets its own limits before it reads anything:
RLIMIT_AS (memory), RLIMIT_CPU (processor seconds) and RLIMIT_FSIZE (its output goes to a file,
so the limit on file size bounds the text it can hand back); the parent adds a wall-clock
timeout. A child stopped by a limit becomes an IngestError that says which limit, like any other
refusal; the parent goes on. Tesseract, started by the child, inherits the same limits.

The limits are set inside the child, not with `preexec_fn`, which is unsafe in a process with
threads (a web server running a worker thread is one).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass

from refwatch.ingest.document import Document, IngestError, Limits, Page, sha256

# The child's own exit codes, for what it can still say itself.
_OUT_OF_MEMORY = 3
_FAILED = 4
_TOO_MUCH_TEXT = 5
# Room past the text's limit for the child's other files (Tesseract's page images, a message).
_FILE_ROOM = 64 * 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    """What one child may use. Its text comes back as JSON, so `output_bytes` bounds the text."""

    memory_bytes: int = 2 * 1024 * 1024 * 1024
    cpu_seconds: int = 600
    output_bytes: int = 64 * 1024 * 1024
    wall_seconds: float = 900.0


def read_isolated(data: bytes, filename: str, *, limits: Limits, bounds: Bounds) -> Document:
    """refwatch.ingest.read(data, filename) in a child process within `bounds`."""
    display = os.path.basename(filename) or "the file"
    with tempfile.TemporaryDirectory(prefix="refwatch-read-") as folder:
        out_path, err_path = os.path.join(folder, "out.json"), os.path.join(folder, "err.txt")
        request = json.dumps({"filename": filename, "limits": asdict(limits), "bounds": asdict(bounds)})
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            child = subprocess.Popen(
                [sys.executable, "-m", "refwatch.ingest.isolated", request],
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                cwd=folder,
                env=_child_env(folder),
            )
            try:
                child.communicate(data, timeout=bounds.wall_seconds)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                raise IngestError(
                    f"{display} took more than {bounds.wall_seconds:g} seconds to read and was stopped"
                ) from None
            except BrokenPipeError:
                child.wait()  # the child died before it took all the bytes: its exit code says why
        with open(out_path, "rb") as out:
            answer = out.read(bounds.output_bytes + 1)
        with open(err_path, "rb") as err:
            err.seek(max(0, os.path.getsize(err_path) - 2000))
            last_words = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    return _answer(child.returncode, answer, data, filename, display, bounds, last_words)


def _child_env(folder: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REFWATCH_"))}
    # Tesseract's temporary images and the child's own files stay in the child's folder, removed after.
    env.update(TMPDIR=folder, PYTHONDONTWRITEBYTECODE="1")
    return env


def _answer(
    code: int,
    answer: bytes,
    data: bytes,
    filename: str,
    display: str,
    bounds: Bounds,
    last_words: list[str],
) -> Document:
    mb = bounds.memory_bytes // (1024 * 1024)
    if code == -signal.SIGXCPU:
        raise IngestError(
            f"{display} needed more than {bounds.cpu_seconds} seconds of processor time to read and was stopped"
        )
    if code in (-signal.SIGXFSZ, _TOO_MUCH_TEXT) or len(answer) > bounds.output_bytes:
        raise IngestError(
            f"{display} gave more than {bounds.output_bytes:,} bytes of text, over the limit; split it"
        )
    if code == _OUT_OF_MEMORY or code == -signal.SIGKILL:  # SIGKILL: the system's out-of-memory killer
        raise IngestError(f"{display} needed more than {mb:,} MB of memory to read and was stopped")
    if code < 0:
        # A parser killed by a signal of its own (SIGSEGV, SIGABRT): most often an allocation refused
        # under the memory limit, else a broken file the C code could not survive.
        name = signal.Signals(-code).name
        raise IngestError(
            f"{display} stopped its reader ({name}): a file built to break it, or one needing more "
            f"than {mb:,} MB of memory"
        )
    try:
        record = json.loads(answer)
    except ValueError:
        record = None
    if code == _FAILED or not isinstance(record, dict):
        why = record.get("error") if isinstance(record, dict) else None
        raise IngestError(
            why or f"{display} could not be read: {' '.join(last_words) or f'exit code {code}'}"
        )
    return Document(
        data=data,
        sha256=sha256(data),
        media_type=record["media_type"],
        filename=filename,
        text=record["text"],
        pages=[Page(**p) for p in record["pages"]],
        title=record["title"],
        published=record["published"],
        warnings=list(record["warnings"]),
    )


# --- the child ------------------------------------------------------------------------------------


def _limit(which: int, soft: int, hard: int | None = None) -> None:
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def _child(request: dict[str, object]) -> int:
    bounds = Bounds(**request["bounds"])  # type: ignore[arg-type]
    limits = Limits(**request["limits"])  # type: ignore[arg-type]
    # SIGXCPU at the soft limit (a clear message), SIGKILL a few seconds later if it is caught.
    _limit(resource.RLIMIT_CPU, bounds.cpu_seconds, bounds.cpu_seconds + 5)
    _limit(resource.RLIMIT_FSIZE, bounds.output_bytes + _FILE_ROOM)
    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    # After the bytes are in and before the parsers are imported: the limit is on what reading costs.
    _limit(resource.RLIMIT_AS, bounds.memory_bytes)
    try:
        from refwatch.ingest import read

        document = read(data, str(request["filename"]), limits=limits)
        answer = json.dumps(
            {
                "media_type": document.media_type,
                "text": document.text,
                "pages": [asdict(p) for p in document.pages],
                "title": document.title,
                "published": document.published,
                "warnings": document.warnings,
            },
            ensure_ascii=False,
        ).encode("utf-8")
    except MemoryError:
        return _OUT_OF_MEMORY
    except IngestError as error:
        sys.stdout.buffer.write(json.dumps({"error": str(error)}).encode("utf-8"))
        return _FAILED
    if len(answer) > bounds.output_bytes:
        return _TOO_MUCH_TEXT
    sys.stdout.buffer.write(answer)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(json.loads(sys.argv[1])))
