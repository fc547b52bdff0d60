"""Text to statements: letters, asks, incidents, figures, actors, dates, quantities.

Plain Python on spaCy's rule components; no web framework, no database:

    >>> from refwatch.extract import extract
    >>> result = extract(text, doc_date="2025-11-07")
    >>> result.repatriations[0].count
"""

from refwatch.extract.model import EXTRACTOR_VERSION, Extraction
from refwatch.extract.pipeline import ExtractionError, extract

__all__ = ["EXTRACTOR_VERSION", "Extraction", "ExtractionError", "extract"]
