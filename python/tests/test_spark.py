"""Spark in local mode, end to end: the sample catalog and the sample
orders screened with mapInArrow give the records of `dualuse screen`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, cli_screen

pyspark = pytest.importorskip("pyspark")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import spark_screen  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The workers run this interpreter, which has the wheel installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("dualuse-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield s
    s.stop()


@pytest.mark.parametrize("name", ["catalog.csv", "orders.csv"])
def test_spark_equals_cli(spark, name):
    path = ROOT / "examples" / name
    want = cli_screen(path)
    df = spark_screen.read_catalog(spark, str(path)).repartition(3)
    out = spark_screen.screen(df, as_of=AS_OF).orderBy("row").collect()
    assert len(out) == len(want)
    assert [r["record"] for r in out] == want
    assert [r["row"] for r in out] == list(range(1, len(want) + 1))
    # the typed columns agree with the records
    import json

    for r, line in zip(out, want):
        rec = json.loads(line)
        assert [h["rule"] for h in r["hits"]] == [h["rule"] for h in rec["hits"]]
        if "verdict" in rec:
            assert r["verdict"]["level"] == rec["verdict"]["level"]


def test_spark_example_main_writes_parquet(tmp_path):
    # after the module fixture's session, or alone: main makes its own
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    assert spark_screen.main([str(ROOT / "examples" / "catalog.csv"), str(out), "--as-of", AS_OF]) == 0
    t = pq.read_table(out)
    assert t.num_rows == 400
