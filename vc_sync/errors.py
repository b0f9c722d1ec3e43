"""One error hierarchy; each class carries the exit code the CLI maps it to."""

from __future__ import annotations

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
