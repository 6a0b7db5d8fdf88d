"""The exceptions of :mod:`dualuse`."""

from __future__ import annotations

from typing import Optional


class DualuseError(Exception):
    """Base class of every error :mod:`dualuse` raises."""


class RulesError(DualuseError, ValueError):
    """Rule or party files have errors.

    ``diagnostics`` lists every problem (a :class:`dualuse.Diagnostic` with
    ``severity``, ``file``, ``line``, ``col`` and ``message``); ``file``,
    ``line`` and ``col`` are those of the first error. The message is one
    ``file:line:col: error: message`` line per problem, as ``dualuse check``
    prints them.
    """

    def __init__(self, message: str, diagnostics: Optional[list] = None) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics or ())
        first = next(
            (d for d in self.diagnostics if d.severity == "error"),
            self.diagnostics[0] if self.diagnostics else None,
        )
        self.file = first.file if first is not None else None
        self.line = first.line if first is not None else None
        self.col = first.col if first is not None else None


class ReadError(DualuseError, OSError):
    """A rule or party file or directory cannot be read (missing, not a
    regular file, too large, or a directory without ``*.toml`` files)."""


class InvalidInputError(DualuseError, ValueError):
    """A bad argument: a date that is no date, an unknown ``detail``,
    columns of different lengths, a column that is not text."""
