"""An atheris target: bytes through refwatch.ingest.read() (text, HTML, PDF, DOCX as sniffed) and
their text, or the bytes as text, through refwatch.extract.extract().

A refusal (IngestError, ExtractionError: ValueError with a one-line message) is a right answer;
any other exception is a crash, and a hang beyond libFuzzer's -timeout is one too. Run it through
bench/fuzz.sh N; `--seeds DIR` writes a starting corpus (a letter as text, HTML, PDF and DOCX).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["refwatch"]):
    # The parsers are imported by read() when first needed: imported here to be instrumented.
    import refwatch.ingest.docx
    import refwatch.ingest.html
    import refwatch.ingest.pdf
    import refwatch.ingest.text  # noqa: F401
    from refwatch.extract import extract
    from refwatch.ingest import IngestError, read

# Big enough for the seeds, small enough that one input takes milliseconds.
MAX_TEXT = 20_000


def one_input(data: bytes) -> None:
    try:
        document = read(data, "fuzz")
    except IngestError as error:
        if not str(error) or "\n" in str(error):
            raise AssertionError(f"not a one-line message: {error!r}") from error
        text = data[:MAX_TEXT].decode("utf-8", "replace")
    else:
        text = document.text[:MAX_TEXT]
    result = extract(text)
    for r in result.repatriations:
        if not 0 <= r.start <= r.end <= len(text):
            raise AssertionError(f"a span outside the text: {r.start}-{r.end} of {len(text)}")


def write_seeds(folder: Path) -> None:
    from tests import makedocs

    letter = (ROOT / "refwatch" / "demo").glob("*.txt").__next__().read_text(encoding="utf-8")[:3000]
    news = (
        "March 3, 2024\n\nAbout 300 North Koreans were repatriated from China through Dandong on March 2.\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "letter.txt").write_text(letter, encoding="utf-8")
    (folder / "news.txt").write_text(news, encoding="utf-8")
    (folder / "news.html").write_bytes(makedocs.html(news, "Returns"))
    (folder / "letter.pdf").write_bytes(makedocs.text_pdf(makedocs.latin1(letter[:1500])))
    (folder / "letter.docx").write_bytes(
        makedocs.docx(letter[:1500], table=[["Young Kim\nMember of Congress"]])
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(Path(sys.argv[2]))
    else:
        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()
