"""Bytes to the one canonical text every offset in the audit log refers to.

Text input must be Unicode: a byte-order mark says which encoding, otherwise
it must be UTF-8 (or the encoding the user names). Guessing the encoding of
a text file silently is how corpora fill with mojibake, so an undecodable
file is an error that says where it failed. HTML declares its charset; that
path lives in the HTML adapter.
"""

from __future__ import annotations

import codecs
import io
import zlib

# Longest input accepted, in bytes after decompression; larger files are
# refused before they are read. A saved page is kilobytes, a 100 MB dump the
# largest this tool promises to take; past a gigabyte (or an archive that
# inflates that far) it is a zip bomb or not a web page.
MAX_INPUT_BYTES = 1 << 30

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GZIP_MAGIC = b"\x1f\x8b"
# Text with more NUL bytes than this share of it is taken for binary.
MAX_NUL_SHARE = 0.01


class DecodeError(ValueError):
    """Input that cannot become text; the message says why, without the path."""


def is_gzipped(head: bytes) -> bool:
    """Whether data starting with these bytes is gzip (its first two say so)."""
    return head.startswith(_GZIP_MAGIC)


def gunzip(data: bytes) -> bytes:
    """The inflated bytes of gzip data, or the data itself when not gzipped."""
    if not is_gzipped(data):
        return data
    import gzip  # only for gzipped input

    try:
        inflated = gzip.GzipFile(fileobj=io.BytesIO(data)).read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise DecodeError(f"broken gzip data ({error})") from None
    if len(inflated) > MAX_INPUT_BYTES:
        raise DecodeError(f"inflates to more than {MAX_INPUT_BYTES} bytes")
    return inflated


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """(encoding named by a byte-order mark, the bytes after it)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Text input to canonical text: BOM, else `encoding`, else strict UTF-8."""
    data = gunzip(data)
    if not data.strip():
        raise DecodeError("is empty (or only whitespace); nothing to clean")
    bom_encoding, body = split_bom(data)
    chosen = bom_encoding or encoding or "utf-8"
    # UTF-8 text has no NUL bytes but the odd stray one a converter left
    # (rule BY027 removes it); UTF-16 without a byte-order mark and binary
    # files have them everywhere.
    nul_bytes = body.count(b"\x00") if bom_encoding is None and encoding is None else 0
    if nul_bytes > len(body) * MAX_NUL_SHARE:
        raise _looks_binary(body)
    try:
        text = body.decode(chosen)
    except UnicodeDecodeError as error:
        if nul_bytes:
            raise _looks_binary(body) from None
        raise DecodeError(
            f"not valid {chosen} ({error.reason} at byte {error.start + (len(data) - len(body))}); "
            "pass --encoding if it is in another encoding"
        ) from None
    except LookupError:
        raise DecodeError(f"unknown encoding {chosen!r}") from None
    return canonical(text)


def _looks_binary(body: bytes) -> DecodeError:
    first_nul = body.find(b"\x00")
    return DecodeError(f"looks binary (NUL byte at offset {first_nul}); not a text page")


def canonical(text: str) -> str:
    """Line ends as "\\n"; a stray byte-order mark after decoding dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text

