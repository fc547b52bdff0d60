"""Bytes to a Document: PDF (text layer; OCR for scans), HTML, DOCX, text."""
