"""The files a user brings, checked before they are parsed.

:class:`GeographyError` (re-exported by :mod:`sim.geography.facilities` and
:mod:`sim.geography`) is what every bad geographic input raises. The helpers here refuse,
in one line and without echoing any of the file's content, what cannot be the expected
file: a missing path, a directory, a device such as ``/dev/zero``, a file larger than such
a file can be (checked from its size, before reading), an image or an archive, text in an
encoding other than UTF-8 / GB18030, XML that is no XML, gzip that is corrupt.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO


class GeographyError(ValueError):
    """Bad geographic input.

    ``str(err)`` is one line naming the file (or ``synthetic county``), the
    field/column/facility, and what was expected, e.g.
    ``facilities.csv: row 17 (id 'V042'), column 'lat': expected a number between -90 and 90, got 'abc'``.
    """


# Leading bytes of files people pick by mistake, and what to call them.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook? save it as CSV)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (an Excel .xls workbook? save it as CSV)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xff\xfe", "UTF-16 text (save it as UTF-8)"),
    (b"\xfe\xff", "UTF-16 text (save it as UTF-8)"),
)
_HEAD_BYTES = 64 * 1024  # how much of a file the binary check looks at
_MB = 1_000_000


def checked_file(path: str | Path, what: str, max_mb: float) -> Path:
    """``path`` as a :class:`Path` once it is known to be a regular file of at most
    ``max_mb`` MB; otherwise a one-line :class:`GeographyError` saying it is not ``what``
    (e.g. "a facility table"). Nothing is read."""
    p = Path(path)
    if not p.exists():
        raise GeographyError(f"{p}: file not found (expected {what})")
    if p.is_dir():
        raise GeographyError(f"{p}: is a directory, not {what}")
    if not p.is_file():
        raise GeographyError(f"{p}: not a regular file (a device or a pipe), not {what}")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise GeographyError(f"{p.name}: cannot read the file ({exc.strerror}): expected {what}") from None
    if size > max_mb * _MB:
        raise GeographyError(
            f"{p.name}: {_mb(size)} MB, more than {what} can be (at most {max_mb:,g} MB): "
            f"is it the right file?")
    return p


def _mb(size: int) -> str:
    x = size / _MB
    return f"{x:,.0f}" if x >= 10 else f"{x:.2f}"


def binary_kind(head: bytes) -> str:
    """What the leading bytes of a file say it is when it is not plain text ("a PNG image",
    "binary data", ...), or "" when they look like text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data"
    return ""


def read_bytes(path: str | Path, what: str, max_mb: float) -> tuple[Path, bytes]:
    """The whole content of a checked file (:func:`checked_file`), never more than
    ``max_mb`` MB even if it grows meanwhile."""
    p = checked_file(path, what, max_mb)
    limit = int(max_mb * _MB)
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise GeographyError(f"{p.name}: cannot read the file ({exc.strerror}): expected {what}") from None
    if len(data) > limit:
        raise GeographyError(f"{p.name}: more than {what} can be (at most {max_mb:,g} MB): is it the right file?")
    return p, data


def read_text(path: str | Path, what: str, max_mb: float) -> tuple[Path, str]:
    """The text of a checked file: UTF-8 (BOM allowed) or else GB18030 (which includes GBK,
    the other encoding Chinese spreadsheets save in). Binary files and text in neither
    encoding are refused in one line that says what the file seems to be, not what it says."""
    p, data = read_bytes(path, what, max_mb)
    kind = binary_kind(data[:_HEAD_BYTES])
    if kind:
        raise GeographyError(f"{p.name}: not {what}: it is {kind}")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return p, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GeographyError(f"{p.name}: not UTF-8 or GB18030 text: expected {what} as UTF-8 (or GBK) text")


def check_xml_head(p: Path, what: str, *, gzipped: bool = False) -> None:
    """Refuse a file whose first bytes cannot start ``what`` (an XML document, gzip-compressed
    when ``gzipped``): an image, an archive, a CSV. Reads only the first bytes."""
    try:
        with p.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise GeographyError(f"{p.name}: cannot read the file ({exc.strerror}): expected {what}") from None
    if gzipped:
        if not head.startswith(b"\x1f\x8b"):
            plain = head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
            kind = binary_kind(head) or ("plain XML, not gzip data (drop the .gz from its name)"
                                         if plain else "not gzip data")
            raise GeographyError(f"{p.name}: not {what}: it is {kind}")
        return
    kind = binary_kind(head)
    if kind:
        raise GeographyError(f"{p.name}: not {what}: it is {kind}")
    if not head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        raise GeographyError(f"{p.name}: not {what}: it is not XML (it does not start with '<')")


class LimitedReader:
    """A binary stream (plain or gzip) that stops with a :class:`GeographyError` past
    ``max_mb`` MB of (decompressed) data, and turns corrupt gzip data into one. For
    :func:`xml.etree.ElementTree.iterparse`, which only calls ``read``."""

    def __init__(self, fh: IO[bytes], name: str, what: str, max_mb: float) -> None:
        self._fh, self._name, self._what = fh, name, what
        self._max_mb = max_mb
        self._left = int(max_mb * _MB)

    def read(self, size: int = -1) -> bytes:
        want = self._left + 1 if size < 0 else min(size, self._left + 1)
        try:
            chunk = self._fh.read(want)
        except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
            raise GeographyError(
                f"{self._name}: corrupt gzip data ({exc}): expected {self._what}") from None
        except OSError as exc:
            raise GeographyError(
                f"{self._name}: cannot read the file ({exc.strerror}): expected {self._what}") from None
        self._left -= len(chunk)
        if self._left < 0:
            raise GeographyError(
                f"{self._name}: more than {self._max_mb:,g} MB of data, more than {self._what} "
                f"can be: is it the right file?")
        return chunk
