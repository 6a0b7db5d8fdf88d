"""Shared fixtures: the repository root, the ``dualuse`` binary to compare
with, and the built-in matcher."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import dualuse

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-30"


def dualuse_bin() -> str:
    """The CLI to compare with: $DUALUSE_BIN, else the repository's own
    build (release, then debug), else `dualuse` on PATH."""
    env = os.environ.get("DUALUSE_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "dualuse"
        if p.exists():
            return str(p)
    found = shutil.which("dualuse")
    if not found:
        pytest.skip("no dualuse binary: build it with `cargo build` or set DUALUSE_BIN")
    return found


def cli_screen(path: Path, *args: str) -> list[str]:
    """The JSON lines `dualuse screen --json` writes for `path`."""
    out = subprocess.run(
        [dualuse_bin(), "screen", "--json", "--quiet", "--as-of", AS_OF, *args, str(path)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return out.stdout.splitlines()


def read_rows(path: Path) -> list[dict]:
    """CSV rows as the CLI reads them: fields trimmed, empty fields missing."""
    with open(path, newline="", encoding="utf-8") as f:
        return [
            {k: (v.strip() or None) for k, v in row.items()}
            for row in csv.DictReader(f)
        ]


def dumps(rec: dict) -> str:
    """A record as the CLI writes it."""
    import json

    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture(scope="session")
def matcher() -> dualuse.Matcher:
    return dualuse.Matcher.builtin()
