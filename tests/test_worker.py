"""The queue of uploads and its workers: real `refwatch worker` processes on a real SQLite file.

Files are handed in as the upload page hands them (Actions.submit, in a process of its own); then
two workers share the queue and never read the same file, a file over a limit of the child that
reads it is refused while the worker goes on, and workers killed with SIGKILL at random moments
leave a sound store that a new worker completes without duplicates.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.forked import Forker
from tests.test_crash import REFWATCH, Store, documents, ingest, outcome, problems

KILLS = 20

SUBMIT = """
import json, sys
from pathlib import Path
from refwatch.cli.common import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from refwatch.actions import Actions, process_upload
user, made = get_user_model().objects.get_or_create(username="anna")
if made:
    user.groups.add(Group.objects.get_or_create(name="analyst")[0])
request = json.loads(sys.argv[1])
actions = Actions(user, via="upload")
ids = []
for path in request["files"]:
    upload = actions.submit(Path(path).read_bytes(), Path(path).name, visibility=request["visibility"])
    for _ in range(request["extra_tasks"]):
        process_upload.enqueue(upload.pk)  # the same upload queued again: only one worker may read it
    ids.append(upload.pk)
print(json.dumps(ids))
"""


def submit(
    store: Store, files: list[Path], *, visibility: str = "internal", extra_tasks: int = 0
) -> list[int]:
    """Hand files in as the upload page does, from a process of its own; their upload ids."""
    request = json.dumps(
        {"files": [str(f) for f in files], "visibility": visibility, "extra_tasks": extra_tasks}
    )
    done = subprocess.run(
        [sys.executable, "-c", SUBMIT, request],
        env=store.env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(store: Store, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(REFWATCH), "worker", "--interval=0.2", *args],
        env={**store.env(), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def uploads(store: Store) -> list[tuple[int, str, str, int | None, str, int]]:
    return store.rows(
        "select id, status, worker, document_id, reason, attempts from knowledge_upload order by id"
    )


def write_documents(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for name, text in documents(n).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def test_two_workers_share_one_queue_and_never_read_the_same_file(tmp_path: Path):
    files = write_documents(tmp_path / "docs", 12)
    store = Store(tmp_path / "home")
    # Each upload is queued three times: three tasks for one file, for two workers to race on.
    ids = submit(store, files, extra_tasks=2)
    assert [u[1] for u in uploads(store)] == ["queued"] * 12

    first, second = worker(store, "--batch"), worker(store, "--batch")
    outputs = [p.communicate(timeout=600)[0] for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs

    settled = uploads(store)
    assert [u[0] for u in settled] == ids
    assert {u[1] for u in settled} == {"added"}, settled
    # Each file was read once, by one worker: one attempt, and one document for each file.
    assert {u[5] for u in settled} == {1}
    assert len({u[3] for u in settled}) == 12
    # Both workers took part (each starts on its own, so neither took everything).
    pids = {u[2].split(":")[1] for u in settled}
    assert pids == {str(first.pid), str(second.pid)}, outputs
    # The other two tasks of each upload found it taken or settled and did nothing.
    said = "".join(outputs)
    assert said.count(": added") == 12 and said.count(": not queued") == 24
    assert problems(store) == []
    assert store.rows("select count(*), count(distinct sha256) from knowledge_document") == [(12, 12)]
    assert not any((store.home / "incoming").iterdir())  # the kept bytes are dropped once read


def test_a_file_over_a_limit_of_its_reader_is_refused_and_the_worker_goes_on(tmp_path: Path):
    files = write_documents(tmp_path / "docs", 2)
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    wordy = hostile / "wordy.txt"  # more text than the reader may hand back
    wordy.write_text("North Korean refugees were repatriated. " * 2000, encoding="utf-8")
    greedy = hostile / "greedy.txt"  # 40 MB of lines: more memory to read than the reader may have
    greedy.write_bytes(b"word\n" * 8_000_000)
    store = Store(tmp_path / "home")
    submit(store, [files[0], wordy, greedy, files[1]])

    limits = {"REFWATCH_READER_TEXT_BYTES": "20000", "REFWATCH_READER_MEMORY_MB": "150"}
    proc = worker(store, "--batch", env=limits)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out

    by_status = {(u[1], u[4].split(" ")[0] if u[4] else "") for u in uploads(store)}
    assert ("added", "") in by_status
    reasons = {u[4] for u in uploads(store) if u[1] == "refused"}
    assert reasons == {
        "wordy.txt gave more than 20,000 bytes of text, over the limit; split it",
        "greedy.txt needed more than 150 MB of memory to read and was stopped",
    }
    assert [u[1] for u in uploads(store)] == ["added", "refused", "refused", "added"]
    assert problems(store) == []


def test_workers_killed_at_random_moments_leave_a_sound_store_that_a_new_worker_completes(tmp_path: Path):
    # Enough files that the queue still holds some at the last kill (a round reads one or two).
    files = write_documents(tmp_path / "docs", 48)
    reference = Store(tmp_path / "reference")
    done = ingest(reference, tmp_path / "docs")
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out

    store = Store(tmp_path / "killed")
    submit(store, files)
    rng = random.Random()
    killed_while_reading = 0
    with Forker(tmp_path) as forker:
        for round_ in range(KILLS):
            command = forker.run(["worker", "--interval=0.1"], store.env())
            # Wait until it has read a file (or, in some rounds, not even that long), then kill it
            # at a random moment: in the child that reads, in the store's transaction, between files.
            if round_ % 4 != 0 and command.wait_for("upload", timeout=30):
                killed_while_reading += 1
            time.sleep(rng.uniform(0, 0.3))
            command.kill()
            assert problems(store) == [], f"after kill {round_ + 1}"
    assert killed_while_reading >= KILLS // 2

    final = worker(store, "--batch")
    out, _ = final.communicate(timeout=600)
    assert final.returncode == 0, out
    settled = uploads(store)
    assert {u[1] for u in settled} == {"added"}, settled
    assert len({u[3] for u in settled}) == 48
    # Some were killed mid-file and read again by the next worker (the queue gave them back).
    assert any(u[5] > 1 for u in settled), settled
    assert problems(store) == []
    assert outcome(store) == outcome(reference)


def _nice_of(store: Store, env: dict[str, str] | None = None) -> int:
    """The niceness of a `refwatch worker` once it reads the queue (it is stopped after)."""
    proc = worker(store, env=env)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "reading the queue" in line:
                return os.getpriority(os.PRIO_PROCESS, proc.pid)
        raise AssertionError(f"the worker stopped: exit {proc.wait()}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # Niced, on a machine busy with other work, it may get too little CPU to finish its
            # last file in time; its priority was the question, and was read.
            proc.kill()
            proc.wait(timeout=60)


def test_a_worker_reads_the_queue_at_a_lower_priority_than_the_pages(tmp_path: Path):
    # Reading files is CPU no one waits for: on the server's machine, the pages come first
    # (bench/load.py's second phase: readers' p95 while a worker ingests).
    store = Store(tmp_path / "home")
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert _nice_of(store) == max(mine, 10)
    assert _nice_of(store, {"REFWATCH_WORKER_NICE": "15"}) == max(mine, 15)
    # Never made less nice than it was started (a supervisor's children, `nice refwatch worker`).
    assert _nice_of(store, {"REFWATCH_WORKER_NICE": "0"}) == mine
