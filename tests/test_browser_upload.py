"""An upload in Chromium against `refwatch serve` as README's first command runs it: the page
answers at once with the file queued, then shows it read by the worker thread serve started, and
its link; a broken file beside it is refused with the reason."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, SEEDS

REFWATCH = Path(sys.executable).with_name("refwatch")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's event loop in this thread


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(REFWATCH_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    added = subprocess.run(
        [str(REFWATCH), "user", "add", "anna", "--role", "analyst", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    port = _free_port()
    empty = tmp_path / "no-demo"
    empty.mkdir()
    proc = subprocess.Popen(
        [str(REFWATCH), "serve", "--port", str(port), "--demo", str(empty)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    said = []
    for line in proc.stdout:
        said.append(line)
        if "refwatch is at" in line:
            break
    assert proc.poll() is None, "".join(said)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()


def test_an_upload_shows_its_progress_then_its_outcome(browser, served: str, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{served}/documents/add")
        page.fill("input[name=username]", "anna")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/documents/add$"))
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.4 truncated")
        page.set_input_files("input[name=files]", [str(SEEDS[0]), str(broken)])
        page.click("button:has-text('Add')")

        # The answer comes before the worker has read the files: both wait for it.
        first = page.locator("#uploads tbody tr").evaluate_all("rows => rows.map(r => r.className)")
        assert set(first) <= {"outcome-queued", "outcome-processing"} and len(first) == 2, first
        # Then, without a reload, the page shows what became of each.
        added = page.locator("tr.outcome-added")
        added.wait_for(timeout=60_000)
        page.locator("tr.outcome-refused").wait_for(timeout=60_000)
        assert SEEDS[0].name in added.inner_text()
        assert "broken.pdf" in page.locator("tr.outcome-refused").inner_text()
        assert "end-of-file" in page.locator("tr.outcome-refused").inner_text()
        assert page.locator("#uploads[hx-get]").count() == 0  # settled: it stops asking

        added.locator("a").click()
        page.wait_for_url(re.compile(r".*/documents/\d+/$"))
        assert page.locator('.doc-text mark[data-kind="repatriation"]').count() >= 1

        page.goto(f"{served}/documents/uploads")
        assert page.locator("tr.outcome-added").count() == 1
        assert page.locator("tr.outcome-refused").count() == 1
        assert not problems, problems
    finally:
        context.close()
