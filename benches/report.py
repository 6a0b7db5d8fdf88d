#!/usr/bin/env python3
"""Summarize a `cargo bench` run: markdown tables (medians, throughput,
ratios to the baselines) on stdout, and an SVG plot of classify throughput
against rule count.

    python3 benches/report.py [CRITERION_DIR] [--svg benches/scaling.svg]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion or target/criterion.
Only the standard library is used (the SVG is written by hand).
"""

import json
import math
import os
import sys


def load(root):
    """{(group, function, value): (median_ns, bytes or None)}"""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            b = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            e = json.load(f)
        tp = b.get("throughput") or {}
        nbytes = tp.get("Bytes") if isinstance(tp, dict) else None
        key = (b["group_id"], b.get("function_id") or "", b.get("value_str") or "")
        out[key] = (e["median"]["point_estimate"], nbytes)
    return out


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def mbps(ns, nbytes):
    return nbytes / (ns / 1e9) / 1e6 if nbytes else None


def fmt_rate(r):
    if r is None:
        return "–"
    return f"{r:.3g}"


def table(rows, header):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def group_table(data, group, value=""):
    """Rows of one group (and parameter value): time, MB/s, ratio to dualuse."""
    entries = {f: v for (g, f, val), v in data.items() if g == group and val == value}
    if not entries:
        return None, {}
    rates = {f: mbps(ns, b) for f, (ns, b) in entries.items()}
    return entries, rates


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.3g}×"


def main():
    args = sys.argv[1:]
    svg = None
    if "--svg" in args:
        i = args.index("--svg")
        svg = args[i + 1]
        del args[i : i + 2]
    root = args[0] if args else os.path.join(
        os.environ.get("CARGO_TARGET_DIR", "target"), "criterion"
    )
    data = load(root)
    out = []

    # Shipped rules, generated catalog.
    entries, rates = group_table(data, "catalog")
    if entries:
        out.append("### Classify, shipped rules, generated catalog (one thread)\n")
        rows = []
        for f in sorted(entries):
            ns, b = entries[f]
            rows.append((f, fmt_time(ns), fmt_rate(rates[f])))
        out.append(table(rows, ["bench", "median time / iteration", "MB/s"]))
        d, fl, fln = rates.get("dualuse"), rates.get("floor-ac-scan"), rates.get(
            "floor-normalize-ac-scan"
        )
        df, rs, rl = rates.get("dualuse-few"), rates.get("regex-set-few"), rates.get(
            "regex-loop-few"
        )
        out.append("")
        out.append(
            table(
                [
                    ("dualuse / bare AC floor (pre-normalized text)", ratio(d, fl)),
                    ("dualuse / (normalize + bare AC floor)", ratio(d, fln)),
                    ("dualuse / RegexSet (same rows)", ratio(df, rs)),
                    ("dualuse / regex loop (same rows)", ratio(df, rl)),
                ],
                ["ratio of throughputs", "value"],
            )
        )
        out.append("")

    # Text length.
    lengths = sorted(
        {int(v) for (g, _f, v) in data if g == "text-length" and v.isdigit()}
    )
    if lengths:
        out.append("### Classify over text length, shipped rules (MB/s)\n")
        funcs = ["dualuse", "floor-ac-scan", "regex-set", "regex-loop"]
        rows = []
        for n in lengths:
            r = {}
            for f in funcs:
                v = data.get(("text-length", f, str(n)))
                r[f] = mbps(*v) if v else None
            rows.append(
                [f"{n} B"]
                + [fmt_rate(r[f]) for f in funcs]
                + [ratio(r["dualuse"], r["floor-ac-scan"]), ratio(r["dualuse"], r["regex-set"])]
            )
        out.append(
            table(rows, ["length"] + funcs + ["dualuse/floor", "dualuse/RegexSet"])
        )
        out.append("")

    # Scaling with rule count.
    sizes = sorted(
        {int(v) for (g, _f, v) in data if g == "scaling-classify" and v.isdigit()}
    )
    series = {}
    if sizes:
        out.append("### Scaling with the number of terms (synthetic rules, 1% patterns)\n")
        funcs = ["dualuse", "floor-ac-scan", "regex-set", "regex-loop"]
        rows = []
        for n in sizes:
            r = {}
            for f in funcs:
                v = data.get(("scaling-classify", f, str(n)))
                r[f] = mbps(*v) if v else None
                if r[f] is not None:
                    series.setdefault(f, []).append((n, r[f]))
            load_ = data.get(("scaling-compile", "load", str(n)))
            comp = data.get(("scaling-compile", "compile", str(n)))
            rows.append(
                [f"{n:,}"]
                + [fmt_rate(r[f]) for f in funcs]
                + [
                    ratio(r["dualuse"], r["floor-ac-scan"]),
                    ratio(r["dualuse"], r["regex-set"]),
                    fmt_time(load_[0]) if load_ else "–",
                    fmt_time(comp[0]) if comp else "–",
                ]
            )
        out.append(
            table(
                rows,
                ["terms"]
                + [f + " MB/s" for f in funcs]
                + ["dualuse/floor", "dualuse/RegexSet", "load", "compile"],
            )
        )
        out.append("")

    # Screen pipeline.
    scr = sorted(
        ((int(v), f, ns, b) for (g, f, v), (ns, b) in data.items() if g == "screen"),
    )
    if scr:
        out.append("### `dualuse screen` (whole pipeline, CSV in, JSONL to /dev/null)\n")
        rows = [
            (f"{n:,}", f, fmt_time(ns), fmt_rate(mbps(ns, b)), f"{n / (ns / 1e9):,.0f}")
            for n, f, ns, b in scr
        ]
        out.append(table(rows, ["rows", "threads", "median", "MB/s", "rows/s"]))
        out.append("")

    # Memory.
    mem_path = os.path.join(root, "dualuse-memory.json")
    if os.path.exists(mem_path):
        with open(mem_path) as f:
            mem = json.load(f)
        out.append("### Memory and compile time (counting allocator)\n")
        mib = lambda b: "–" if b is None else f"{b / 2**20:.2f}"
        rows = [
            (
                m["name"],
                f"{m['literals']:,}",
                m["patterns"],
                mib(m["ruleset_bytes"]),
                mib(m["matcher_bytes"]),
                mib(m["matcher_after_use_bytes"]),
                mib(m["compile_peak_bytes"]),
                f"{m['compile_ms']:.1f}",
                mib(m["regex_set_bytes"]),
            )
            for m in mem
        ]
        out.append(
            table(
                rows,
                [
                    "rules",
                    "literals",
                    "patterns",
                    "Ruleset MiB",
                    "Matcher MiB",
                    "Matcher after use MiB",
                    "compile peak MiB",
                    "compile ms (best of 5)",
                    "RegexSet baseline MiB",
                ],
            )
        )
        out.append("")

    print("\n".join(out))
    if svg and series:
        write_svg(svg, series)


COLORS = {
    "dualuse": "#1f77b4",
    "floor-ac-scan": "#2ca02c",
    "regex-set": "#d62728",
    "regex-loop": "#ff7f0e",
}


def write_svg(path, series):
    w, h, ml, mr, mt, mb = 640, 420, 70, 170, 30, 50
    xs = [n for s in series.values() for n, _ in s]
    ys = [r for s in series.values() for _, r in s if r > 0]
    x0, x1 = math.log10(min(xs)), math.log10(max(xs))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    px = lambda n: ml + (math.log10(n) - x0) / ((x1 - x0) or 1) * (w - ml - mr)
    py = lambda r: mt + (y1 - math.log10(r)) / ((y1 - y0) or 1) * (h - mt - mb)
    el = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{ml}" y="18" font-size="14">Classify throughput vs. number of terms (log–log, one thread)</text>',
    ]
    for e in range(y0, y1 + 1):
        y = py(10**e)
        el.append(f'<line x1="{ml}" x2="{w - mr}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        label = f"{10**e:g}"
        el.append(f'<text x="{ml - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for n in sorted(set(xs)):
        x = px(n)
        el.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{mt}" y2="{h - mb}" stroke="#eee"/>')
        el.append(f'<text x="{x:.1f}" y="{h - mb + 16}" text-anchor="middle">{n:,}</text>')
    el.append(f'<text x="{(ml + w - mr) / 2}" y="{h - 12}" text-anchor="middle">terms (literals; 1% more as patterns)</text>')
    el.append(f'<text x="16" y="{(mt + h - mb) / 2}" transform="rotate(-90 16 {(mt + h - mb) / 2})" text-anchor="middle">MB/s</text>')
    for i, (name, pts) in enumerate(sorted(series.items())):
        c = COLORS.get(name, "#555")
        pts = sorted(pts)
        d = " ".join(f"{px(n):.1f},{py(r):.1f}" for n, r in pts)
        el.append(f'<polyline points="{d}" fill="none" stroke="{c}" stroke-width="2"/>')
        for n, r in pts:
            el.append(f'<circle cx="{px(n):.1f}" cy="{py(r):.1f}" r="3" fill="{c}"/>')
        ly = mt + 20 + i * 20
        el.append(f'<line x1="{w - mr + 15}" x2="{w - mr + 35}" y1="{ly}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        el.append(f'<text x="{w - mr + 40}" y="{ly + 4}">{name}</text>')
    el.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(el) + "\n")


if __name__ == "__main__":
    main()
