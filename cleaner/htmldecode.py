"""Bytes of an HTML page to its markup as one str, the way a browser reads it.

Text input must say what it is (cleaner.decode refuses to guess); an HTML
page usually does, in a `<meta charset>` or an `http-equiv` Content-Type, and
when it does not, or declares wrongly, its bytes still have to be read:

1. a byte-order mark names the encoding;
2. bytes that are valid UTF-8 are UTF-8, whatever the page declares (a
   page that says ISO-8859-1 and holds valid multi-byte UTF-8 was saved by a
   tool that re-encoded it and kept the old declaration);
3. UTF-8 with a few stray bytes (a page assembled from a UTF-8 template and
   a Latin-1 database): the stray bytes are read as windows-1252. A page
   really in a single-byte charset has next to no valid multi-byte UTF-8
   sequences, so this needs them to outnumber the stray bytes;
4. the declared charset, when the bytes decode in it (labels read as the
   HTML standard reads them: "ISO-8859-1" means windows-1252);
5. otherwise charset-normalizer's guess, and failing that windows-1252,
   which gives every byte a character.

How the page was read goes into the audit notes, so a reviewer who sees odd
characters knows which step chose the encoding.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import re

from .decode import DecodeError, canonical, gunzip, split_bom

# How far into the page a charset declaration is looked for. The HTML
# standard's pre-scan reads 1024 bytes; real heads put scripts and styles
# first, and on the dev set 9 declarations sit past 1024 bytes (the last at
# 6 KB), none past 32 KB.
DECLARATION_WINDOW = 32 * 1024

# A NUL byte this early means a binary file (images, archives and PDFs have
# them in their first bytes); later ones occur in real pages (one dev-set
# page has one at 34 KB) and are dropped by the parser.
BINARY_WINDOW = 1024

_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)

# Labels that the HTML standard (WHATWG Encoding) reads as another encoding:
# pages labelled Latin-1 or ASCII are written in windows-1252 (curly quotes,
# euro sign in 0x80-0x9F), and a meta tag cannot truthfully declare UTF-16.
_WHATWG_ALIASES = {
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "utf_16": "utf-8",
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
}


@dataclass(frozen=True)
class DecodedHtml:
    markup: str
    encoding: str  # Python's codec name
    how: str  # which step chose it, for the audit notes


def decode_html(data: bytes) -> DecodedHtml:
    """The markup of an HTML page (gzip, BOM, declared or detected charset)."""
    data = gunzip(data)
    if not data.strip():
        raise DecodeError("is empty (or only whitespace); nothing to clean")
    bom_encoding, body = split_bom(data)
    if bom_encoding is not None:
        try:
            return DecodedHtml(canonical(body.decode(bom_encoding)), bom_encoding, "byte-order mark")
        except UnicodeDecodeError as error:
            raise DecodeError(f"not valid {bom_encoding} after its byte-order mark (at byte {error.start})") from None
    binary_at = body.find(b"\x00", 0, BINARY_WINDOW)
    if binary_at >= 0:
        raise DecodeError(f"looks binary (NUL byte at offset {binary_at}); not an HTML page")
    declared = declared_encoding(body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        how = "UTF-8" + (f", though it declares {declared}" if declared not in (None, "utf-8") and not text.isascii() else "")
        return DecodedHtml(canonical(text), "utf-8", how)
    stray = _stray_bytes_in_utf8(body)
    if stray is not None:
        text = body.decode("utf-8", errors="cleaner-cp1252")
        return DecodedHtml(canonical(text), "utf-8", f"UTF-8 with {stray} stray byte{'s' * (stray != 1)} read as windows-1252")
    if declared == "cp1252":
        return DecodedHtml(canonical(_cp1252(body)), declared, "declared windows-1252")
    if declared not in (None, "utf-8"):
        try:
            return DecodedHtml(canonical(body.decode(declared)), declared, f"declared {declared}")
        except UnicodeDecodeError:
            pass
    guessed = _detected(body)
    if guessed is not None:
        return DecodedHtml(canonical(body.decode(guessed, errors="replace")), guessed, f"detected {guessed}")
    return DecodedHtml(canonical(_cp1252(body)), "cp1252", "no charset found; windows-1252")


def declared_encoding(data: bytes) -> str | None:
    """The Python codec a page's XML declaration or meta tag names, if known."""
    head = data[:DECLARATION_WINDOW]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    name = _WHATWG_ALIASES.get(name, name)
    return "utf-8" if name == "utf_8" else name


def _stray_bytes_in_utf8(data: bytes) -> int | None:
    """How many bytes are not UTF-8, when the page is otherwise UTF-8.

    "Otherwise UTF-8" means its valid multi-byte sequences outnumber the
    stray bytes: a page really in windows-1252 has (almost) none of them.
    """
    sequences = _UTF8_MULTIBYTE.findall(data)
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    stray = non_ascii - sum(map(len, sequences))
    return stray if len(sequences) > stray else None


def _detected(data: bytes) -> str | None:
    # Imported here: only pages that are neither UTF-8 nor in their declared charset need it.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _cp1252(data: bytes) -> str:
    """windows-1252 that never fails: every byte becomes a character."""
    return data.decode("latin-1").translate(_CP1252)


def _as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode-error handler: the offending bytes as windows-1252."""
    return _cp1252(error.object[error.start : error.end]), error.end


_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Latin-1 characters 0x80-0x9F to what windows-1252 puts there; its five
# unassigned bytes stay the control characters Latin-1 makes of them.
_CP1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
codecs.register_error("cleaner-cp1252", _as_cp1252)
