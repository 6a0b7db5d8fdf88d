"""Screen a catalog in Apache Spark, with dualuse on the executors.

Usage (local mode, 2 cores; the catalog is a CSV with a header row and the
columns `dualuse screen` reads: description, hs_code, id, scheme and, for
order lines, destination, consignee, end_user, end_use, origin)::

    python python/examples/spark_screen.py examples/catalog.csv out/ --as-of 2026-11-30

Each output row is one catalog row: ``row`` (the data row number, from 1,
as ``dualuse screen`` numbers rows), ``id``, ``hits`` (an array of
structs), ``verdict`` for order lines, ``error``, ``fingerprint`` and
``record``, the JSON line ``dualuse screen`` writes for that row. The
result is written as Parquet.

The screening runs in ``mapInArrow``: each Python worker builds the
built-in matcher once and hands whole Arrow record batches to
``Matcher.screen_table``, which classifies them on every core of the
worker without the GIL (set ``RAYON_NUM_THREADS`` to share cores between
several workers of one executor).

On a cluster the executors need the ``dualuse`` wheel in their Python:
install it into the executors' image (``pip install dualuse-*.whl``), or
ship a packed virtual environment that has it
(``venv-pack -o env.tar.gz``, then ``spark-submit --archives
env.tar.gz#env --conf spark.pyspark.python=./env/bin/python``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, Optional

import pyarrow as pa

import dualuse

#: The columns a catalog may have, all read as text.
COLUMNS = ("id", "description", "hs_code", "scheme") + dualuse.ORDER_COLUMNS


def read_catalog(spark, path: str):
    """A CSV catalog as a DataFrame of strings, with ``row``, the data row
    number as ``dualuse screen`` gives it, added without collecting the
    data on one partition."""
    from pyspark.sql.types import LongType, StructField, StructType

    df = (
        spark.read.option("header", True)
        .option("multiLine", True)  # quoted fields may span lines, as in dualuse screen
        .option("escape", '"')  # "" is a quote (RFC 4180)
        .option("inferSchema", False)
        .option("encoding", "UTF-8")
        .csv(path)
    )
    schema = StructType(df.schema.fields + [StructField("row", LongType(), False)])
    numbered = df.rdd.zipWithIndex().map(lambda p: (*p[0], p[1] + 1))
    return spark.createDataFrame(numbered, schema)


def result_schema(columns, detail: str = "full", record_json: bool = True) -> pa.Schema:
    """The Arrow schema ``screen_table`` gives for a table with ``columns``."""
    empty = pa.table({c: pa.array([], pa.string()) for c in columns})
    return dualuse.Matcher.builtin().screen_table(empty, detail=detail, record_json=record_json).schema


def screen(df, as_of: Optional[str] = None, detail: str = "full", record_json: bool = True):
    """Screens a DataFrame with the catalog's columns (and ``row``) on the
    executors; returns a DataFrame of results, one row per input row."""
    from pyspark.sql.pandas.types import from_arrow_schema

    columns = [c for c in df.columns if c != "row"]
    spark_schema = from_arrow_schema(result_schema(columns, detail, record_json))

    def screen_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        matcher = dualuse.Matcher.builtin()  # compiled once per worker process
        for batch in batches:
            if batch.num_rows:
                yield from matcher.screen_table(
                    batch, as_of=as_of, detail=detail, record_json=record_json
                ).to_batches()

    return df.mapInArrow(screen_batches, spark_schema)


def main(argv: Optional[list] = None) -> int:
    from pyspark.sql import SparkSession

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("catalog")
    ap.add_argument("out", help="output directory (Parquet)")
    ap.add_argument("--as-of", help="YYYY-MM-DD; default today")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args(argv)
    if args.master.startswith("local"):
        # Local workers run this interpreter, which has the wheel.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master(args.master).appName("dualuse-screen").getOrCreate()
    try:
        result = screen(read_catalog(spark, args.catalog), as_of=args.as_of)
        result.write.mode("overwrite").parquet(args.out)
        written = spark.read.parquet(args.out)
        print(f"screened {written.count()} rows, {written.filter('size(hits) > 0').count()} with hits -> {args.out}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
