"""The README's Python example runs and prints what the README says, in
this virtualenv and, given the wheel (DUALUSE_WHEEL, set by run.sh), in a
fresh one that installs only the wheel and what it depends on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import venv
from pathlib import Path

import pytest

from conftest import ROOT


def readme_example() -> tuple[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    output = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    return code, output


def test_readme_example_is_five_lines():
    code, _ = readme_example()
    assert len(code.strip().splitlines()) == 5


def run_example(python: str, cwd: Path) -> str:
    code, _ = readme_example()
    out = subprocess.run([python, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout


def test_readme_example_output(tmp_path):
    _, want = readme_example()
    assert run_example(sys.executable, tmp_path) == want


@pytest.mark.skipif(not os.environ.get("DUALUSE_WHEEL"), reason="DUALUSE_WHEEL not set (python/run.sh sets it)")
def test_wheel_installs_in_a_fresh_virtualenv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", os.environ["DUALUSE_WHEEL"]],
        check=True,
    )
    _, want = readme_example()
    assert run_example(python, tmp_path) == want


def test_batch_releases_the_gil(matcher):
    """A Python thread keeps running while classify_batch works."""
    texts = ["samarium cobalt magnet powder, 99.9% Dy, 1.5 kW, 1070 nm"] * 100_000
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start_ticks = ticks
    started = time.perf_counter()
    table = matcher.classify_batch(texts, as_of="2026-11-30")
    elapsed = time.perf_counter() - started
    done.set()
    t.join()
    assert table.num_rows == len(texts)
    if elapsed > 0.2:
        # with the GIL held the whole time the thread could not tick at all
        assert ticks - start_ticks > 10, (ticks, elapsed)
