"""Screen product lines and orders against export controls.

``dualuse`` classifies a free-text description and, where known, a customs
(HS) code against export-control lists (China's MOFCOM dual-use and
rare-earth controls, EU Regulation 2021/821 Annex I, the US Commerce Control
List) and a rare-earth dependency taxonomy, and explains every hit. Order
lines (an item plus destination, consignee, end user, end use, origin) also
get a ``verdict``.

The records are those of the ``dualuse screen`` command line, field for
field::

    >>> import dualuse
    >>> m = dualuse.Matcher.builtin()
    >>> rec = m.classify("SmCo magnet ring", hs="8505.11", as_of="2026-11-30")
    >>> rec["hits"][0]["rule"], rec["hits"][0]["confidence"]
    ('CN-1C902.a.4', 'confirmed')

``Matcher.classify_batch`` takes a list, a pandas Series or a pyarrow array
and returns a ``pyarrow.Table`` with one row per input row; it classifies on
every core with the GIL released.
"""

from __future__ import annotations

import json as _json
import os as _os
from typing import Any, Iterable, Optional

import pyarrow as _pa
import pyarrow.compute as _pc

from . import _dualuse
from ._dualuse import Diagnostic
from ._errors import DualuseError, InvalidInputError, ReadError, RulesError

__all__ = [
    "Matcher",
    "Diagnostic",
    "DualuseError",
    "RulesError",
    "ReadError",
    "InvalidInputError",
    "ORDER_COLUMNS",
    "classify",
    "explain",
    "check",
    "test",
]

__version__: str = _dualuse.__version__

#: The order-line columns, as ``dualuse screen`` reads them.
ORDER_COLUMNS = ("destination", "consignee", "end_user", "end_use", "origin")


def _column(values: Any, name: str) -> Optional[_pa.ChunkedArray]:
    """A list, tuple, pandas Series, NumPy array or pyarrow (chunked) array
    as a pyarrow ChunkedArray; None stays None."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(f"{name} must be a sequence of strings, not a single {type(values).__name__}")
    try:
        if isinstance(values, _pa.ChunkedArray):
            return values
        if isinstance(values, _pa.Array):
            return _pa.chunked_array([values])
        if type(values).__module__.startswith("pandas") and hasattr(values, "array"):
            arr = _pa.array(values, from_pandas=True)
            if _pa.types.is_null(arr.type):
                arr = arr.cast(_pa.string())
            return _pa.chunked_array([arr])
        if hasattr(values, "__arrow_c_stream__") or hasattr(values, "__arrow_c_array__"):
            return _pa.chunked_array(values)
        items = values if isinstance(values, (list, tuple)) else list(values)
        if name == "rows":
            return _pa.chunked_array([_pa.array(items, type=_pa.int64())])
        return _pa.chunked_array([_pa.array(items, type=_pa.string())])
    except (_pa.ArrowInvalid, _pa.ArrowTypeError, TypeError) as e:
        raise InvalidInputError(f"{name}: {e}") from e


def _paths(paths: Any) -> Optional[list]:
    """One path or several, as a list of strings; None stays None."""
    if paths is None:
        return None
    if isinstance(paths, (str, bytes, _os.PathLike)):
        paths = [paths]
    return [_os.fsdecode(p) for p in paths]


def _scheme(scheme: Any) -> tuple:
    """A scheme given once for every row, or per row."""
    if scheme is None or isinstance(scheme, str):
        return None, scheme
    return _column(scheme, "scheme"), None


class Matcher:
    """A compiled rule set, and the party lists for order lines.

    Build one with :meth:`builtin` or :meth:`from_dirs`; it is immutable and
    can be shared between threads. Every method that takes ``as_of``
    accepts a ``datetime.date``, a ``"YYYY-MM-DD"`` string, or None for
    today; ``detail="ids"`` gives the short hits of ``dualuse screen
    --detail ids``.
    """

    __slots__ = ("_m",)

    def __init__(self, native: "_dualuse.Matcher") -> None:
        self._m = native

    @classmethod
    def builtin(cls) -> "Matcher":
        """The rule set compiled into the package (the project's ``rules/``)
        with the built-in party lists and measures."""
        return cls(_dualuse.Matcher.builtin())

    @classmethod
    def from_dirs(cls, dirs: Iterable[Any], parties: Optional[Iterable[Any]] = None) -> "Matcher":
        """Loads the rule files of ``dirs`` (directories or files) and, if
        given, the party lists of ``parties`` (replacing the built-in ones).

        Raises :class:`RulesError` with ``file:line:col`` diagnostics when a
        file has errors, :class:`ReadError` when one cannot be read.
        """
        return cls(_dualuse.Matcher.from_dirs(_paths(dirs), _paths(parties)))

    @property
    def fingerprint(self) -> str:
        """The rule set's fingerprint (``sha256:…``), as records carry it."""
        return self._m.fingerprint

    @property
    def parties_fingerprint(self) -> str:
        """The party lists' fingerprint, as a verdict's ``lists`` carries it."""
        return self._m.parties_fingerprint

    def classify_json(self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
                      as_of: Any = None, detail: str = "full", id: Optional[str] = None,
                      row: int = 1) -> str:
        """The record of one item as the JSON line ``dualuse screen`` writes
        for it (without the newline)."""
        return self._m.classify_json(text, hs, scheme, as_of, detail, id, row)

    def classify(self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
                 as_of: Any = None, detail: str = "full", id: Optional[str] = None,
                 row: int = 1) -> dict:
        """Classifies one description (with its HS code and the code's
        national scheme, if known) and returns the record as a dict:
        ``row``, ``id``, ``hits`` (each with rule, regime, control code,
        confidence, evidence with byte spans, dates), ``error``,
        ``fingerprint``."""
        return _json.loads(self.classify_json(text, hs, scheme, as_of, detail, id, row))

    def screen_order_json(self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
                          destination: Optional[str] = None, consignee: Optional[str] = None,
                          end_user: Optional[str] = None, end_use: Optional[str] = None,
                          origin: Optional[str] = None, as_of: Any = None, detail: str = "full",
                          id: Optional[str] = None, row: int = 1) -> str:
        """The record of one order line, with its verdict, as a JSON line."""
        return self._m.screen_order_json(text, hs, scheme, destination, consignee, end_user,
                                         end_use, origin, as_of, detail, id, row)

    def screen_order(self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
                     destination: Optional[str] = None, consignee: Optional[str] = None,
                     end_user: Optional[str] = None, end_use: Optional[str] = None,
                     origin: Optional[str] = None, as_of: Any = None, detail: str = "full",
                     id: Optional[str] = None, row: int = 1) -> dict:
        """Screens one order line: the item's record plus ``verdict``
        (``level``: prohibited, licence-risk-assessment, licence-required,
        review or clear; ``reasons``; ``lists``, the party lists'
        fingerprint)."""
        return _json.loads(self.screen_order_json(text, hs, scheme, destination, consignee,
                                                  end_user, end_use, origin, as_of, detail, id, row))

    def classify_batch(self, texts: Any, hs: Any = None, scheme: Any = None, ids: Any = None,
                       rows: Any = None, as_of: Any = None, detail: str = "full",
                       record_json: bool = False) -> _pa.Table:
        """Classifies many descriptions on every core, with the GIL released.

        ``texts`` (and ``hs``, ``ids``, and ``scheme`` unless it is one
        string for all rows) may be lists, pandas Series or pyarrow arrays
        of the same length; None values are allowed (a None or blank text
        gives a record with ``error = "missing description"``). ``rows``
        numbers the rows (default 1, 2, …).

        Returns a ``pyarrow.Table`` with one row per input row, in order:
        ``row``, ``id``, ``hits`` (a list of structs, the record's hits),
        ``error``, ``fingerprint``, and ``record`` (the JSON line of
        ``dualuse screen``) when ``record_json``.
        """
        scheme_col, default_scheme = _scheme(scheme)
        return self._m._batch(_column(texts, "texts"), _column(hs, "hs"), scheme_col,
                              default_scheme, _column(ids, "ids"), _column(rows, "rows"), None,
                              as_of, detail, record_json)

    def screen_orders(self, texts: Any, hs: Any = None, destination: Any = None,
                      consignee: Any = None, end_user: Any = None, end_use: Any = None,
                      origin: Any = None, scheme: Any = None, ids: Any = None, rows: Any = None,
                      as_of: Any = None, detail: str = "full",
                      record_json: bool = False) -> _pa.Table:
        """Screens many order lines: :meth:`classify_batch` plus a
        ``verdict`` column (a struct of ``level``, ``reasons``, ``lists``)."""
        scheme_col, default_scheme = _scheme(scheme)
        n = len(_column(texts, "texts"))
        order = [
            _column(v, name) if v is not None else _pa.chunked_array([_pa.nulls(n, _pa.string())])
            for v, name in zip((destination, consignee, end_user, end_use, origin), ORDER_COLUMNS)
        ]
        return self._m._batch(_column(texts, "texts"), _column(hs, "hs"), scheme_col,
                              default_scheme, _column(ids, "ids"), _column(rows, "rows"), order,
                              as_of, detail, record_json)

    def screen_table(self, table: Any, as_of: Any = None, detail: str = "full",
                     record_json: bool = False, first_row: int = 1,
                     description: str = "description", hs: str = "hs_code", id: str = "id",
                     scheme: str = "scheme") -> _pa.Table:
        """Screens a table (pyarrow Table or RecordBatch, pandas DataFrame)
        with the columns ``dualuse screen`` reads: ``description``
        (required), ``hs_code``, ``id``, ``scheme`` and, for order lines,
        any of ``destination``, ``consignee``, ``end_user``, ``end_use``,
        ``origin`` (then every row gets a verdict).

        As the command line's reader, text fields are trimmed and empty
        fields count as missing. A ``row`` column, if present, numbers the
        rows; otherwise they are numbered from ``first_row``.
        """
        if not isinstance(table, (_pa.Table, _pa.RecordBatch)):
            if type(table).__module__.startswith("pandas"):
                table = _pa.Table.from_pandas(table, preserve_index=False)
            else:
                table = _pa.table(table)
        names = table.schema.names
        if description not in names:
            raise InvalidInputError(f"no `{description}` column; the table has {names}")

        def col(name: str) -> Optional[_pa.ChunkedArray]:
            if name not in names:
                return None
            c = table.column(name)
            c = _pa.chunked_array([c]) if isinstance(c, _pa.Array) else c
            if not _pa.types.is_string(c.type) and not _pa.types.is_large_string(c.type):
                c = c.cast(_pa.string())
            c = _pc.utf8_trim_whitespace(c)
            return _pc.if_else(_pc.equal(c, ""), _pa.scalar(None, c.type), c)

        n = table.num_rows
        rows = table.column("row") if "row" in names else _pa.chunked_array(
            [_pa.array(range(first_row, first_row + n), type=_pa.int64())])
        if isinstance(rows, _pa.Array):
            rows = _pa.chunked_array([rows])
        order = None
        if any(c in names for c in ORDER_COLUMNS):
            order = [col(c) if c in names else _pa.chunked_array([_pa.nulls(n, _pa.string())])
                     for c in ORDER_COLUMNS]
        texts = col(description)
        return self._m._batch(texts, col(hs), col(scheme), None, col(id), rows, order, as_of,
                              detail, record_json, f"missing description (column `{description}`)")

    def explain(self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
                as_of: Any = None) -> dict:
        """The record of one item plus ``near_misses``: the rules that
        matched in part but gave no hit, with the ``reason`` (not-in-force,
        excluded, require-unmet, parameters-failed) and what was found."""
        return self._m.explain(text, hs, scheme, as_of)

    def run_examples(self, as_of: Any = None) -> dict:
        """Runs every rule's examples (and, with party lists from
        :meth:`from_dirs`, every party name example); see :func:`test`."""
        return self._m.run_examples(as_of)

    def __repr__(self) -> str:
        return f"<dualuse.Matcher {self.fingerprint}>"


_builtin: Optional[Matcher] = None


def _default() -> Matcher:
    global _builtin
    if _builtin is None:
        _builtin = Matcher.builtin()
    return _builtin


def classify(text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
             as_of: Any = None, detail: str = "full") -> dict:
    """:meth:`Matcher.classify` with the built-in rules."""
    return _default().classify(text, hs=hs, scheme=scheme, as_of=as_of, detail=detail)


def explain(text: str, hs: Optional[str] = None, scheme: Optional[str] = None,
            as_of: Any = None) -> dict:
    """:meth:`Matcher.explain` with the built-in rules."""
    return _default().explain(text, hs=hs, scheme=scheme, as_of=as_of)


def check(dirs: Iterable[Any], parties: Optional[Iterable[Any]] = None) -> list:
    """Loads rule files (and party files) as ``dualuse check`` does and
    returns every :class:`Diagnostic`, errors and warnings (a rule without a
    hit and a miss example is a warning); an empty list means clean. Raises
    :class:`ReadError` when a file cannot be read."""
    return _dualuse.check(_paths(dirs), _paths(parties))


def test(dirs: Iterable[Any], parties: Optional[Iterable[Any]] = None, as_of: Any = None) -> dict:
    """Runs every rule example (and party name example) as ``dualuse test``
    does: ``{"passed": N, "failed": N, "failures": [{"rule" or "party",
    "text", "location", "actual"}, …]}``. Raises :class:`RulesError` if the
    files do not load."""
    return Matcher.from_dirs(dirs, parties).run_examples(as_of)


# pytest must not collect the rule-test runner as a test.
test.__test__ = False  # type: ignore[attr-defined]
