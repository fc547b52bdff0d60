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


# Every pattern is bounded and stops at the next opener (a link's text holds no "[", a bold span no
# "**"): a hostile file of one long line full of "**" or "[" must cost linear time, not hang on
# backtracking.

# Leftovers that are markup wherever they occur, even in a .txt: paired bold markers, links and
# "## " at the start of a line.
_BOLD = re.compile(r"(\*\*|__)(?=\S)((?:(?!\1)[^\n]){1,300}?)(?<=\S)\1")
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\[\]\n]{0,2000}\)")
_LINK = re.compile(
    r"\[([^\[\]\n]{1,500})\]\((?:https?://|mailto:|/|#)[^()\[\]\s]{0,2000}(?:[ \t]+\"[^\"\n]{0,500}\")?\)"
)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)

# Markdown proper (a .md file): emphasis, code, quotes, rules, escapes, any link.
_ANY_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\[\]\n]{0,2000}\)")
_SETEXT = re.compile(r"^([^\n]+)\n[ \t]{0,3}(?:=+|-+)[ \t]*$", re.M)
_RULE = re.compile(
    r"^[ \t]{0,3}(?:\*[ \t]*\*[ \t]*\*[* \t]*|-[ \t]*-[ \t]*-[- \t]*|_[ \t]*_[ \t]*_[_ \t]*)$", re.M
)
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_])_(?!\w)"
)
_CODE = re.compile(r"`([^`\n]{1,300})`")
_QUOTE = re.compile(r"^[ \t]{0,3}> ?", re.M)
_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+", re.M)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,500}\]:[ \t]*\S[^\n]*\n?", re.M)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~$])")


def _setext(match: re.Match[str]) -> str:
    # "Title" over "=====" is a heading; a blank line over "---" stays (a rule, removed below).
    return match.group(1) if match.group(1).strip() else match.group(0)


def clean_plain(text: str) -> tuple[str, bool]:
    """Remove the unambiguous Markdown leftovers from plain text (`**DC**` → `DC`, `## Title`)."""
    cleaned = _LINK.sub(r"\1", _IMAGE.sub(r"\1", _BOLD.sub(r"\2", text)))
    cleaned = _HEADING.sub("", cleaned)
    return cleaned, cleaned != text


def clean_markdown(text: str) -> str:
    """Markdown as prose: the words stay, the markup goes."""
    text = _REF_DEF.sub("", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _SETEXT.sub(_setext, text)
    text = _RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub(r"\1- ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _ANY_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return _ESCAPE.sub(r"\1", text)
