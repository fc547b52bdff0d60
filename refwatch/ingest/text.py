"""Plain text and Markdown: decoding, and the markup that conversions leave in text."""

from __future__ import annotations

import codecs
import re

from refwatch.ingest.document import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, display: str) -> str:
    """`data` as text: UTF-8 (a BOM is dropped) or UTF-16/32 with a BOM; newlines made "\\n"."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise IngestError(
            f"{display} is not valid {encoding.upper()} text: byte 0x{bad} at offset {exc.start} ({exc.reason}); "
            "convert it to UTF-8 first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
        ) from exc
    if "\x00" in text:
        raise IngestError(f"{display} holds binary data (NUL characters), not text; convert it to UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Leftovers that are markup wherever they occur, even in a .txt: paired bold markers, links and
# "## " at the start of a line.
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|mailto:|/|#)[^)\s]*(?:\s+\"[^\"\n]*\")?\)")

# Markdown proper (a .md file): headings, emphasis, code, quotes, rules, escapes.
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT = re.compile(r"^(?P<line>[^\n]*\S[^\n]*)\n[ \t]{0,3}(?:=+|-+)[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?!\w)"
)
_CODE = re.compile(r"`([^`\n]+)`")
_QUOTE = re.compile(r"^[ \t]{0,3}> ?", re.M)
_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+", re.M)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$\n?", re.M)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~$])")


def clean_plain(text: str) -> tuple[str, bool]:
    """Remove the unambiguous Markdown leftovers from plain text (`**DC**` → `DC`, `## Title`)."""
    cleaned = _LINK.sub(r"\1", _IMAGE.sub(r"\1", _BOLD.sub(r"\2", text)))
    cleaned = _HEADING.sub(r"\1", cleaned)
    return cleaned, cleaned != text


def clean_markdown(text: str) -> str:
    """Markdown as prose: the words stay, the markup goes."""
    text = _REF_DEF.sub("", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _SETEXT.sub(r"\g<line>", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub(r"\1- ", text)
    text = _IMAGE.sub(r"\1", text)
    text = re.sub(r"\[([^\]\n]+)\]\([^)\n]*\)", r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return _ESCAPE.sub(r"\1", text)
