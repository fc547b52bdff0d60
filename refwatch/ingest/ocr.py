"""Scanned pages: rendered with PDFium, read by Tesseract (pytesseract), pages in parallel."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract

from refwatch.ingest import layout
from refwatch.ingest.document import IngestError, Limits

MAX_DPI = 300  # Tesseract reads best from about 300 dpi
MIN_DPI = 150  # below this, small print is lost
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17 million pixels
LANG = "eng"
# A lower bound of Tesseract's time for one page on one core: a file whose pages would take longer
# than the budget even at this pace is refused before any work is done. The budget is also
# enforced while the pages are read, so a slower machine gets an error, never a hang.
MIN_SECONDS_PER_PAGE = 0.5


def workers() -> int:
    return max(1, os.cpu_count() or 1)


def _check_estimate(pages: int, limits: Limits, display: str, n_workers: int) -> None:
    estimate = pages * MIN_SECONDS_PER_PAGE / n_workers
    if estimate > limits.ocr_seconds:
        raise IngestError(
            f"{display} has {pages} scanned pages: reading them would take at least {estimate:.1f} s, "
            f"over the OCR limit of {limits.ocr_seconds:g} s; split the file or raise the OCR time limit"
        )


def render_dpi(page: pdfium.PdfPage) -> int:
    """The resolution to render a scanned page at: its images' own, within MIN_DPI..MAX_DPI.

    Rendering a 200 dpi scan at 300 dpi adds no detail, only pixels for Tesseract to wade through.
    """
    found = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            found = max(found, float(obj.get_metadata().horizontal_dpi))
        except (pdfium.PdfiumError, AttributeError):
            continue
    return MAX_DPI if found <= 0 else round(min(max(found, MIN_DPI), MAX_DPI))


def ocr_file(path: str | Path, dpi: int, timeout: float) -> str:
    """The text Tesseract reads in one page image file, or RuntimeError when `timeout` runs out.

    Tesseract's words with their boxes go through the same layout as a PDF's text layer, so a
    scanned page reads as the same page with a text layer would: wrapped lines joined into
    paragraphs, a name kept with its title in a signature block.
    """
    data = pytesseract.image_to_data(
        str(path),
        lang=LANG,
        config=f"--dpi {dpi}",
        timeout=max(timeout, 0.001),
        output_type=pytesseract.Output.DICT,
    )
    runs = [
        # Image rows grow downwards, PDF points upwards: the layout wants the latter.
        layout.Run(float(left), -float(top + height), float(left + width), -float(top), word)
        for left, top, width, height, word, conf in zip(
            data["left"], data["top"], data["width"], data["height"], data["text"], data["conf"], strict=True
        )
        if str(conf) != "-1" and word.strip()
    ]
    return layout.page_text(runs)


def read_pages(
    pdf: pdfium.PdfDocument,
    indices: list[int],
    limits: Limits,
    display: str,
    lock: AbstractContextManager[object] | None = None,
    n_workers: int | None = None,
) -> dict[int, str]:
    """OCR text of the pages at `indices` (0-based) of `pdf`, within the limits' time budget."""
    if not indices:
        return {}
    n_workers = min(n_workers or workers(), len(indices))
    _check_estimate(len(indices), limits, display, n_workers)
    # Each Tesseract process uses one thread: pages run in parallel instead, which uses the cores
    # better than OpenMP inside one page does. pytesseract passes the environment on to Tesseract.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    guard = lock if lock is not None else threading.RLock()
    deadline = time.monotonic() + limits.ocr_seconds
    done: list[int] = []

    def one(index: int) -> str:
        if time.monotonic() >= deadline:
            raise TimeoutError
        image_file = Path(scratch) / f"page-{index + 1}.pgm"
        with guard:  # PDFium is not thread-safe; rendering is short beside the OCR that follows
            page = pdf[index]
            try:
                dpi = render_dpi(page)
                width, height = page.get_size()
                # A hostile page of 200 x 200 inches would render to gigabytes: cap the pixels.
                dpi = min(dpi, int(72 * (MAX_PIXELS / max(width * height, 1.0)) ** 0.5))
                image = page.render(scale=max(dpi, 1) / 72, grayscale=True).to_pil()
            finally:
                page.close()
        # An uncompressed file for Tesseract: pytesseract would write a PNG, slow to compress.
        image.save(image_file)
        try:
            text = ocr_file(image_file, dpi, deadline - time.monotonic())
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise TimeoutError from exc
            raise
        finally:
            image_file.unlink(missing_ok=True)
        done.append(index)
        return text.replace("\x0c", "").strip()

    results: dict[int, str] = {}
    with (
        tempfile.TemporaryDirectory(prefix="refwatch-ocr-") as scratch,
        ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="refwatch-ocr") as pool,
    ):
        futures = {pool.submit(one, i): i for i in indices}
        finished, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in pending:
            future.cancel()
        for future in finished:
            exc = future.exception()
            if exc is None:
                results[futures[future]] = future.result()
                continue
            if isinstance(exc, TimeoutError):
                raise IngestError(
                    f"{display}: OCR ran over its time limit of {limits.ocr_seconds:g} s after {len(done)} of "
                    f"{len(indices)} scanned pages; split the file or raise the OCR time limit"
                ) from exc
            if isinstance(exc, pytesseract.TesseractNotFoundError):
                raise IngestError(
                    f"{display} has scanned pages but Tesseract is not installed; install tesseract-ocr"
                ) from exc
            if isinstance(exc, pytesseract.TesseractError):
                raise IngestError(
                    f"{display}: Tesseract failed on a scanned page ({exc}); check its install"
                ) from exc
            raise IngestError(f"{display}: a scanned page could not be read ({exc})") from exc
    return results
