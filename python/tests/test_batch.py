"""classify_batch: every input kind, one row per input row, the same hits
as classify, and no exception on arbitrary text."""

from __future__ import annotations

import datetime
import json
import random

import pyarrow as pa
import pytest

import dualuse
from conftest import AS_OF, ROOT, read_rows

TEXTS = [
    "SmCo magnet ring OD 20 mm",
    None,
    "Dysprosium fluoride DyF3 99.9%, 500 kg",
    "",
    "graphite pencils HB",
    "ＮｄＦｅＢ 磁铁",
]
HS = ["8505.11", None, "2846.90", None, None, "8505.11.00"]


def strip_nulls(x):
    """A table row's structs carry every field of every evidence kind, null
    where a kind has none; records carry only the fields of their kind."""
    if isinstance(x, dict):
        return {k: strip_nulls(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [strip_nulls(v) for v in x]
    return x


@pytest.mark.parametrize("kind", ["list", "tuple", "pandas", "pyarrow", "chunked", "generator"])
def test_batch_accepts_input_kinds(matcher, kind):
    import pandas as pd

    make = {
        "list": list,
        "tuple": tuple,
        "pandas": pd.Series,
        "pyarrow": pa.array,
        "chunked": lambda v: pa.chunked_array([pa.array(v[:2], pa.string()), pa.array(v[2:], pa.string())]),
        "generator": lambda v: (x for x in v),
    }[kind]
    t = matcher.classify_batch(make(TEXTS), hs=make(HS), as_of=AS_OF)
    assert isinstance(t, pa.Table)
    assert t.num_rows == len(TEXTS)
    assert t.column("row").to_pylist() == list(range(1, len(TEXTS) + 1))


def test_batch_equals_per_item_classify(matcher):
    rows = read_rows(ROOT / "examples" / "catalog.csv")
    texts = [r["description"] for r in rows] + TEXTS
    hs = [r["hs_code"] for r in rows] + HS
    ids = [r["id"] for r in rows] + [None] * len(TEXTS)
    t = matcher.classify_batch(texts, hs=hs, ids=ids, as_of=AS_OF, record_json=True)
    assert t.num_rows == len(texts)
    records = t.column("record").to_pylist()
    for i, (text, code, id_, got) in enumerate(zip(texts, hs, ids, t.to_pylist()), 1):
        if text:
            want = matcher.classify(text, hs=code, as_of=AS_OF, id=id_, row=i)
        else:
            want = json.loads(records[i - 1])
            assert want["error"] == "missing description"
        assert json.loads(records[i - 1]) == want
        got.pop("record")
        assert strip_nulls(got) == strip_nulls(want), i


def test_batch_typed_columns(matcher):
    t = matcher.classify_batch(["SmCo magnet ring"], hs=["8505.11"], as_of=datetime.date(2026, 11, 30))
    hits = t.column("hits")[0].as_py()
    smco = next(h for h in hits if h["rule"] == "CN-1C902.a.4")
    assert smco["confidence"] == "confirmed"
    assert smco["elements"] == ["Sm", "Co"]
    assert smco["applies"]["as_of"] == "2026-11-30"
    term = smco["evidence"][0]
    assert (term["kind"], term["start"], term["end"]) == ("term", 0, 4)
    assert t.column("fingerprint")[0].as_py() == matcher.fingerprint


def test_batch_empty_input(matcher):
    t = matcher.classify_batch([], as_of=AS_OF)
    assert t.num_rows == 0
    assert "hits" in t.schema.names


def test_batch_scheme_for_all_rows_and_rows_column(matcher):
    t = matcher.classify_batch(["magnet"] * 3, hs=["8505.11.00"] * 3, scheme="CN", rows=[10, 20, 30], as_of=AS_OF)
    assert t.column("row").to_pylist() == [10, 20, 30]


def test_batch_length_mismatch_raises(matcher):
    with pytest.raises(dualuse.InvalidInputError, match="hs"):
        matcher.classify_batch(["a", "b"], hs=["1"], as_of=AS_OF)


def test_batch_rejects_a_single_string(matcher):
    with pytest.raises(dualuse.InvalidInputError):
        matcher.classify_batch("SmCo magnet")


def test_bad_arguments_raise(matcher):
    with pytest.raises(dualuse.InvalidInputError, match="as_of"):
        matcher.classify("x", as_of="30.11.2026")
    with pytest.raises(ValueError):
        matcher.classify("x", detail="everything")


def test_large_batch_spans_several_record_batches(matcher):
    n = 10_000
    texts = ["samarium cobalt magnet" if i % 3 == 0 else f"item {i}" for i in range(n)]
    t = matcher.classify_batch(texts, as_of=AS_OF)
    assert t.num_rows == n
    assert t.column("row").to_pylist() == list(range(1, n + 1))
    with_hits = sum(1 for h in t.column("hits").to_pylist() if h)
    assert with_hits == len(range(0, n, 3))


ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-_/·%≥µ°\"'()[]\\\n\t"
    "钐钴镝铽稀土磁铁サマリウムＮｄＦｅＢ"
) + "".join(chr(c) for c in (0x301, 0x200B, 0xFEFF, 0x1F600, 0x10FFFF, 0xE000))
WORDS = ["smco", "samarium", "dysprosium", "magnet", "ndfeb", "99.99%", "1.5 kW", "1070 nm", "gallium", "tb"]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 8)):
        if rng.random() < 0.4:
            parts.append(rng.choice(WORDS))
        else:
            parts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))))
    return " ".join(parts)


def test_random_strings_one_row_each_and_no_exception(matcher):
    rng = random.Random(14)
    for _ in range(20):
        n = rng.randint(0, 300)
        texts = [random_text(rng) if rng.random() > 0.05 else None for _ in range(n)]
        hs = [
            "".join(rng.choice("0123456789. ") for _ in range(rng.randint(0, 12))) if rng.random() < 0.5 else None
            for _ in range(n)
        ]
        t = matcher.classify_batch(texts, hs=hs, as_of=AS_OF, record_json=True)
        assert t.num_rows == n
        assert t.column("row").to_pylist() == list(range(1, n + 1))
        for text, code, line in zip(texts, hs, t.column("record").to_pylist()):
            if text and text.strip():
                assert line == matcher.classify_json(text, hs=code, as_of=AS_OF, row=json.loads(line)["row"])
            for h in json.loads(line)["hits"]:
                for e in h["evidence"]:
                    if "start" in e and e["kind"] != "quantity":
                        # spans are byte offsets into the original text
                        assert 0 <= e["start"] <= e["end"] <= len(text.encode())
