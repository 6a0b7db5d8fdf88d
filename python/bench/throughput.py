"""Rows per second: `dualuse screen` (the CLI), `Matcher.classify_batch`
from Python, and Spark local mode at 2 cores, on one generated catalog.

    python python/bench/throughput.py --rows 200000            # generates the catalog
    python python/bench/throughput.py --catalog big.csv        # an existing one
    python python/bench/throughput.py --rows 2000 --profile debug --no-spark   # a quick check

The catalog comes from `cargo run --release --example gen_catalog` (cached
under target/bench/). Each figure is the best of `--repeat` runs of the
screening alone (the CLI's process start-up included, Spark's session
start-up not). Run it on an idle machine: the numbers are only as quiet as
the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

import dualuse

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-30"


def cargo(profile: str, *args: str) -> list:
    return ["cargo", *args[:1], *(["--release"] if profile == "release" else []), *args[1:]]


def catalog(rows: int, profile: str) -> Path:
    out = ROOT / "target" / "bench" / f"catalog-{rows}.csv"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            subprocess.run(
                cargo(profile, "run", "--quiet", "--example", "gen_catalog", "--", "--rows", str(rows)),
                cwd=ROOT, stdout=f, check=True,
            )
    return out


def cli_binary(profile: str, given: str | None) -> str:
    if given:
        return given
    path = ROOT / "target" / profile / "dualuse"
    if not path.exists():
        subprocess.run(cargo(profile, "build", "--quiet", "--bin", "dualuse"), cwd=ROOT, check=True)
    return str(path)


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_cli(binary: str, path: Path, repeat: int) -> float:
    def run():
        subprocess.run([binary, "screen", "--json", "--quiet", "--as-of", AS_OF, str(path)],
                       stdout=subprocess.DEVNULL, check=True)
    return best(run, repeat)


def bench_python(path: Path, repeat: int) -> dict:
    m = dualuse.Matcher.builtin()
    opts = pacsv.ConvertOptions(column_types={c: pa.string() for c in ("id", "description", "hs_code")},
                                strings_can_be_null=True)  # empty fields are missing, as for the CLI
    table = pacsv.read_csv(path, convert_options=opts)
    texts, hs = table.column("description"), table.column("hs_code")
    m.classify_batch(texts, hs=hs, as_of=AS_OF)  # warm-up: worker threads, their caches
    return {
        "classify_batch": best(lambda: m.classify_batch(texts, hs=hs, as_of=AS_OF), repeat),
        "classify_batch, records as JSON too": best(
            lambda: m.classify_batch(texts, hs=hs, as_of=AS_OF, record_json=True), repeat),
        "CSV read + screen_table": best(
            lambda: m.screen_table(pacsv.read_csv(path, convert_options=opts), as_of=AS_OF), repeat),
    }


def bench_spark(path: Path, repeat: int, cores: int) -> float:
    sys.path.insert(0, str(ROOT / "python" / "examples"))
    import spark_screen
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("RAYON_NUM_THREADS", "1")  # one core per Spark task
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("dualuse-bench")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        def run():
            df = spark_screen.read_catalog(spark, str(path)).repartition(cores * 2)
            spark_screen.screen(df, as_of=AS_OF, record_json=False).write.format("noop").mode("overwrite").save()
        run()  # warm-up: JVM, Python workers
        return best(run, repeat)
    finally:
        spark.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--catalog", help="an existing catalog CSV (id, description, hs_code)")
    ap.add_argument("--cli", help="the dualuse binary (default: target/PROFILE/dualuse, built if missing)")
    ap.add_argument("--profile", choices=["release", "debug"], default="release",
                    help="cargo profile for the generator and the CLI")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--spark-cores", type=int, default=2)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args()

    path = Path(args.catalog) if args.catalog else catalog(args.rows, args.profile)
    rows = pacsv.read_csv(path).num_rows
    figures = {"CLI: dualuse screen": bench_cli(cli_binary(args.profile, args.cli), path, args.repeat)}
    figures.update({f"Python: {k}": v for k, v in bench_python(path, args.repeat).items()})
    if not args.no_spark:
        figures[f"Spark local[{args.spark_cores}]: mapInArrow"] = bench_spark(path, args.repeat, args.spark_cores)

    print(f"{rows} rows of {path} on {os.cpu_count()} cores, best of {args.repeat}")
    width = max(map(len, figures))
    for name, secs in figures.items():
        print(f"  {name:<{width}}  {rows / secs:>12,.0f} rows/s  ({secs:.3f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"rows": rows, "catalog": str(path), "seconds": figures,
             "rows_per_second": {k: rows / v for k, v in figures.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
