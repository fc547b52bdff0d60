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

MIN_DPI = 150  # below this, small print is lost
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17 million pixels
LANG = "eng"
# A lower bound of Tesseract's time for one page on one core: a file whose pages would take longer
# than the budget even at this pace is refused before any work is done. The budget is also
# enforced while the pages are read, so a slower machine gets an error, never a hang.
MIN_SECONDS_PER_PAGE = 0.5
# Tesseract loads its model in each process (a fifth of a second): a worker hands it a batch of
# pages at once. Small enough that the workers share the pages evenly and the budget is checked
# between batches.
PAGES_PER_PROCESS = 8
# LSTM only: the model Debian ships (tesseract-ocr-eng) has nothing else, and a traineddata with
# the legacy engine too would otherwise run both, at several times the cost.
CONFIG = "--oem 1"


def workers() -> int:
    return max(1, os.cpu_count() or 1)


def _check_estimate(pages: int, limits: Limits, display: str, n_workers: int) -> None:
    estimate = pages * MIN_SECONDS_PER_PAGE / n_workers
    if estimate > limits.ocr_seconds:
        raise IngestError(
            f"{display} has {pages} scanned pages: reading them would take at least {estimate:.1f} s, "
            f"over the OCR limit of {limits.ocr_seconds:g} s; split the file or raise the OCR time limit"
        )


def render_dpi(page: pdfium.PdfPage, max_dpi: int) -> int:
    """The resolution to render a scanned page at: its images' own, within MIN_DPI..max_dpi.

    Rendering a 150 dpi scan at 200 dpi adds no detail, only pixels for Tesseract to wade through.
    """
    found = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            found = max(found, float(obj.get_metadata().horizontal_dpi))
        except (pdfium.PdfiumError, AttributeError):
            continue
    max_dpi = max(max_dpi, MIN_DPI)
    return max_dpi if found <= 0 else round(min(max(found, MIN_DPI), max_dpi))


def ocr_files(paths: list[Path], timeout: float) -> list[str]:
    """The text Tesseract reads in each page image file, one process for them all; RuntimeError
    when `timeout` runs out.

    Tesseract's words with their boxes go through the same layout as a PDF's text layer, so a
    scanned page reads as the same page with a text layer would: wrapped lines joined into
    paragraphs, a name kept with its title in a signature block.
    """
    # A file that is not an image is, to Tesseract, a list of image files, read one after another.
    listing = paths[0].with_name(paths[0].stem + "-batch.txt")
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    try:
        data = pytesseract.image_to_data(
            str(listing),
            lang=LANG,
            config=CONFIG,
            timeout=max(timeout, 0.001),
            output_type=pytesseract.Output.DICT,
        )
    finally:
        listing.unlink(missing_ok=True)
    runs: list[list[layout.Run]] = [[] for _ in paths]
    columns = ("page_num", "left", "top", "width", "height", "text", "conf")
    for page, left, top, width, height, word, conf in zip(*(data[c] for c in columns), strict=True):
        if str(conf) != "-1" and word.strip():
            # Image rows grow downwards, PDF points upwards: the layout wants the latter.
            runs[int(page) - 1].append(
                layout.Run(float(left), -float(top + height), float(left + width), -float(top), word)
            )
    return [layout.page_text(page_runs).replace("\x0c", "").strip() for page_runs in runs]


def _batches(indices: list[int], n_workers: int) -> list[list[int]]:
    """The pages in runs of consecutive pages, as many as the workers at least, each at most
    PAGES_PER_PROCESS long."""
    size = max(1, min(PAGES_PER_PROCESS, -(-len(indices) // n_workers)))
    return [indices[i : i + size] for i in range(0, len(indices), size)]


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

    def render(index: int) -> Path:
        with guard:  # PDFium is not thread-safe; rendering is short beside the OCR that follows
            page = pdf[index]
            try:
                dpi = render_dpi(page, limits.ocr_dpi)
                width, height = page.get_size()
                # A hostile page of 200 x 200 inches would render to gigabytes: cap the pixels.
                dpi = max(1, min(dpi, int(72 * (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)))
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
        # Uncompressed TIFF: quick to write, and Leptonica reads it by rows (a PNG is slow to
        # compress, a PGM is read byte by byte); the resolution goes with the image.
        image_file = Path(scratch) / f"page-{index + 1}.tif"
        image.save(image_file, dpi=(dpi, dpi))
        return image_file

    def batch(pages: list[int]) -> list[str]:
        if time.monotonic() >= deadline:
            raise TimeoutError
        files = [render(index) for index in pages]
        try:
            texts = ocr_files(files, deadline - time.monotonic())
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise TimeoutError from exc
            raise
        finally:
            for file in files:
                file.unlink(missing_ok=True)
        done.extend(pages)
        return texts

    results: dict[int, str] = {}
    with (
        tempfile.TemporaryDirectory(prefix="refwatch-ocr-") as scratch,
        ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="refwatch-ocr") as pool,
    ):
        futures = {pool.submit(batch, pages): pages for pages in _batches(indices, n_workers)}
        finished, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in pending:
            future.cancel()
        for future in finished:
            exc = future.exception()
            if exc is None:
                results.update(zip(futures[future], future.result(), strict=True))
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
