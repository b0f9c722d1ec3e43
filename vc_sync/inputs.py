"""Reading files people hand us: regular files only, of a bounded size, and CSV read strictly.

A FIFO, a device or ``/dev/zero`` given as a path must neither hang nor fill memory, and a
stray quote must not swallow the rest of a table: every such file is an ``InputError``
naming it (and the line where the trouble starts).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from vc_sync.errors import InputError, Problem

MiB = 1024 * 1024
CONFIG_LIMIT = 1 * MiB  # a programme's TOML
TABLE_LIMIT = 32 * MiB  # a roster or overrides.csv: some 150,000 rows
EXPORT_LIMIT = 256 * MiB  # a saved participant log: a million connections and more


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n >= MiB and n % MiB == 0 else f"{n // 1024} KiB"


def read_bytes(path: Path, limit: int, what: str, where: str | None = None) -> bytes:
    """The content of ``path`` when it is a regular file of at most ``limit`` bytes.

    Opened without blocking (a FIFO with no writer would otherwise wait forever) and checked
    on the open descriptor, so a path swapped for a device after a check is caught too."""
    where = where or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(Problem(where, "file not found")) from None
    except IsADirectoryError:
        raise InputError(Problem(where, f"a folder, not a file: {what} goes here")) from None
    except OSError as exc:
        raise InputError(Problem(where, f"cannot read: {exc.strerror}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Problem(where, f"{_kind(info.st_mode)}, not a regular file: {what} goes here"))
        if info.st_size > limit:
            raise InputError(
                Problem(where, f"larger than {_size(limit)}, the limit for {what} ({info.st_size:,} bytes)")
            )
        chunks = []
        total = 0
        while chunk := os.read(fd, min(1 * MiB, limit + 1 - total)):  # it may grow while read
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(Problem(where, f"larger than {_size(limit)}, the limit for {what}"))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(Problem(where, f"cannot read: {exc.strerror}")) from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (without opening it), or None when it can."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"file not found: {path}"
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"{_kind(info.st_mode)}, not a regular file: {path}"
    return None


class UndecodedText(InputError):
    """A file that is no text in the encoding it was read as (another encoding, or a workbook);
    ``head``: its first bytes, which tell what it is."""

    def __init__(self, problem: Problem, head: bytes):
        super().__init__(problem)
        self.head = head


def read_text(
    path: Path, limit: int, what: str, where: str | None = None, hint: str = "save it as UTF-8"
) -> str:
    """A UTF-8 text file (a BOM is dropped), or UTF-16 with its BOM (Excel's "Unicode Text"),
    through ``read_bytes``."""
    body = read_bytes(path, limit, what, where)
    encoding = _encoding(body)
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            raise UndecodedText(
                Problem(where or path.name, f"not UTF-16 text (byte {exc.start}); {hint}"), body[:8]
            ) from None
        line = body.count(b"\n", 0, exc.start) + 1  # a line a secretary can find, not a byte
        begins = body.rfind(b"\n", 0, exc.start) + 1
        cut = max(begins, exc.start - 32)
        before = body[cut : exc.start].decode("utf-8", errors="replace")
        if cut > begins:  # from a whole word on
            before = re.sub(r"^[^\s,;\t]*[\s,;\t]", "", before, count=1)
        before = before.strip()
        at = f"the character after {before!r}" if before else "the line's first character"
        # found and read: its content is wrong, and the file is named as its other content errors are
        raise UndecodedText(
            Problem(f"{where or path.name}: line {line}", f"not UTF-8 text ({at}); {hint}"), body[:8]
        ) from None


def head_text(path: Path, size: int = 64 * 1024) -> str:
    """The first ``size`` bytes of a text file ``read_text`` read moments ago, decoded alike
    (a character cut at the end is replaced)."""
    with open(path, "rb") as fh:
        body = fh.read(size)
    return body.decode(_encoding(body), errors="replace")


def _encoding(body: bytes) -> str:
    """UTF-16 when the text begins with its BOM (Excel's "Unicode Text"), else UTF-8 (a BOM dropped)."""
    return "utf-16" if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def separator_line(text: str) -> tuple[str, str | None]:
    """Excel's ``sep=;`` first line: the text with that line left blank (line numbers stay
    right), and the separator it names; or the text as it is and None."""
    first, newline, rest = text.partition("\n")
    found = re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE)
    if found is None:
        return text, None
    return newline + rest, found.group(1)


def delimiter_of(text: str, candidates: str = ";") -> str:
    """The separator of a CSV: a comma, unless the first non-blank line has more of one of
    ``candidates`` (tried in order)."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    best = ","
    for c in candidates:
        if first.count(c) > first.count(best):
            best = c
    return best


def csv_rows(text: str, where: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank CSV record, read strictly.

    A quoted cell may not run over the end of its line, a quote may not stand inside a cell,
    and a cell may not exceed the csv module's field limit: each is an error naming the line
    where the record (and so the quote) began, not where the reader gave up."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    limit = csv.field_size_limit()
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if reader.line_num > start:
                raise InputError(
                    Problem(
                        f"{where}: line {start}",
                        f"a quote opened on this line is never closed (the cell runs on to line "
                        f"{reader.line_num})",
                    )
                ) from None
            if "field larger" in str(exc):
                raise InputError(
                    Problem(f"{where}: line {start}", f"a cell longer than {limit:,} characters")
                ) from None
            raise InputError(
                Problem(
                    f"{where}: line {start}",
                    f"a stray quote: {exc} (quote a whole cell, or double a quote inside one)",
                )
            ) from None
        if reader.line_num > start and any("\n" in c or "\r" in c for c in cells):
            raise InputError(
                Problem(
                    f"{where}: line {start}",
                    f"a quote opened on this line closes on line {reader.line_num}: a cell may not "
                    "run over the end of a line",
                )
            )
        if any(map(str.strip, cells)):
            yield start, cells


def check_width(cells: list[str], header: list[str], where: str, line: int, short_ok: bool = False) -> None:
    """A row must have as many cells as the header (empty cells past the header's last named
    column do not count: spreadsheets write them); with ``short_ok`` it may have fewer."""
    width = _used(header)
    used = max(_used(cells), min(len(cells), width))
    if used > width or (used < width and not short_ok):
        raise InputError(
            Problem(
                f"{where}: line {line}",
                f"{used} cells where the header has {width}: a stray separator or quote?",
            )
        )


def _used(cells: list[str]) -> int:
    """How many cells count: up to the last non-empty one."""
    n = len(cells)
    while n and not cells[n - 1].strip():
        n -= 1
    return n
