"""Type stubs of the native module ``dualuse._dualuse`` (use :mod:`dualuse`)."""

from typing import Any, Optional, Sequence

import pyarrow

__version__: str

class Diagnostic:
    """One problem in a rule or party file."""

    severity: str
    file: str
    line: int
    col: int
    message: str
    text: str

class Matcher:
    @staticmethod
    def builtin() -> Matcher: ...
    @staticmethod
    def from_dirs(dirs: Sequence[str], parties: Optional[Sequence[str]] = None) -> Matcher: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def parties_fingerprint(self) -> str: ...
    def classify_json(
        self,
        text: str,
        hs: Optional[str] = None,
        scheme: Optional[str] = None,
        as_of: Any = None,
        detail: str = "full",
        id: Optional[str] = None,
        row: int = 1,
    ) -> str: ...
    def screen_order_json(
        self,
        text: str,
        hs: Optional[str] = None,
        scheme: Optional[str] = None,
        destination: Optional[str] = None,
        consignee: Optional[str] = None,
        end_user: Optional[str] = None,
        end_use: Optional[str] = None,
        origin: Optional[str] = None,
        as_of: Any = None,
        detail: str = "full",
        id: Optional[str] = None,
        row: int = 1,
    ) -> str: ...
    def explain(
        self, text: str, hs: Optional[str] = None, scheme: Optional[str] = None, as_of: Any = None
    ) -> dict[str, Any]: ...
    def run_examples(self, as_of: Any = None) -> dict[str, Any]: ...
    def _batch(
        self,
        texts: pyarrow.ChunkedArray,
        hs: Optional[pyarrow.ChunkedArray],
        scheme: Optional[pyarrow.ChunkedArray],
        default_scheme: Optional[str],
        ids: Optional[pyarrow.ChunkedArray],
        rows: Optional[pyarrow.ChunkedArray],
        order: Optional[Sequence[Optional[pyarrow.ChunkedArray]]],
        as_of: Any,
        detail: str,
        record_json: bool,
        missing: Optional[str] = None,
    ) -> pyarrow.Table: ...

def check(dirs: Sequence[str], parties: Optional[Sequence[str]] = None) -> list[Diagnostic]: ...
