"""One error hierarchy; each class carries the exit code the CLI maps it to."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, line or key) and what."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


class VcSyncError(Exception):
    """Base class. ``exit_code`` follows the README's table of exit codes."""

    exit_code = 1


class InputError(VcSyncError):
    """Bad input (config, roster, export, arguments): exit 2, nothing written."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProviderError(VcSyncError):
    """A provider or the output failed after retries: exit 1, safe to repeat."""

    exit_code = 1


class NotReady(VcSyncError):
    """The provider has no report for the session yet: exit 3, cron retries later."""

    exit_code = 3


class LockBusy(VcSyncError):
    """Another run holds the programme's lock: exit 4."""

    exit_code = 4


_AT_LINE = re.compile(r"^(?P<file>.*?): line (?P<line>\d+): (?P<what>.*)$", re.DOTALL)


def collapse(lines: list[str], shown: int = 6) -> list[str]:
    """Messages as a person reads them: the same message about several lines of one file said
    once with the lines (``roster.csv: lines 2–39 (38): unknown session id 'S3'``), and a
    message repeated word for word said once with a count. First appearance keeps the order."""
    groups: dict[tuple[str, str], list[int]] = {}
    repeats: dict[str, int] = {}
    order: list[tuple[str, str] | str] = []
    for text in lines:
        found = _AT_LINE.match(text)
        if found:
            key = (found["file"], found["what"])
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(int(found["line"]))
        else:
            if text not in repeats:
                repeats[text] = 0
                order.append(text)
            repeats[text] += 1
    out = []
    for item in order:
        if isinstance(item, str):
            out.append(item if repeats[item] == 1 else f"{item} ({repeats[item]} times)")
            continue
        numbers = sorted(set(groups[item]))
        file, what = item
        if len(numbers) == 1:
            out.append(f"{file}: line {numbers[0]}: {what}")
        else:
            out.append(f"{file}: lines {_ranges(numbers, shown)} ({len(numbers)}): {what}")
    return out


def _ranges(numbers: list[int], shown: int) -> str:
    """``2–5, 9, 12–14``: runs of consecutive numbers, at most ``shown`` runs and then '…'."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts = [f"{a}–{b}" if a != b else str(a) for a, b in runs[:shown]]
    return ", ".join(parts) + (", …" if len(runs) > shown else "")
