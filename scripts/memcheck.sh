#!/usr/bin/env bash
# Peak memory and throughput of `dualuse screen` on a large generated catalog.
#
#   scripts/memcheck.sh [SIZE_MB] [THREADS] [-- extra screen flags]
#
# Generates a CSV of about SIZE_MB megabytes (default 1024) in $TMPDIR
# (default /tmp; kept between runs, reused if present), screens it with the
# release binary, and prints peak RSS (from /usr/bin/time -v), rows/s and MB/s.
# Not a unit test: it takes minutes and needs disk. Set DUALUSE to use
# another binary; by default it builds `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
threads=${2:-2}
shift $(( $# >= 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
tmp=${TMPDIR:-/tmp}
file="$tmp/dualuse-memcheck-${size_mb}mb.csv"

if [[ -z "${DUALUSE:-}" ]]; then
    cargo build --release --quiet
    DUALUSE="${CARGO_TARGET_DIR:-target}/release/dualuse"
fi
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [[ ! -s "$file" ]]; then
    echo "generating $file (~${size_mb} MB)…" >&2
    # Catalog language with commas, quotes, CJK and a few hits; random HS codes.
    awk -v bytes=$((size_mb * 1024 * 1024)) 'BEGIN {
        srand(42);
        n = split("hex bolt M6x20|stainless washer|NdFeB magnet N52 disc|Sm2Co17 ring magnet|" \
                  "氧化镝 99.9% 粉末|ferrite magnet, samarium-free|copper cable 3x1.5|" \
                  "gallium arsenide wafer 4\"|PCB assembly, \"rev B\"|LED driver 24 V|" \
                  "tungsten carbide insert|セリウム研磨材|aluminium profile 6063|graphite electrode", w, "|");
        print "id,description,hs_code";
        total = 0; i = 0;
        while (total < bytes) {
            i++;
            d = w[int(rand() * n) + 1] " " w[int(rand() * n) + 1] " lot " int(rand() * 100000);
            gsub(/"/, "\"\"", d);
            hs = sprintf("%04d.%02d", 2800 + int(rand() * 6000), int(rand() * 100));
            line = sprintf("SKU-%d,\"%s\",%s", i, d, hs);
            print line;
            total += length(line) + 1;
        }
    }' > "$file"
fi
bytes=$(stat -c %s "$file")
rows=$(( $(wc -l < "$file") - 1 ))
echo "input: $file, $bytes bytes, $rows rows; threads $threads; flags: $*" >&2
log=$(mktemp)
start=$(date +%s.%N)
/usr/bin/time -v "$DUALUSE" screen --quiet --as-of 2026-11-28 --threads "$threads" "$@" "$file" \
    2> "$log" | wc -l > "$log.lines"
end=$(date +%s.%N)
grep -v "^\s" "$log" | grep -v "^Command being timed" >&2 || true
records=$(cat "$log.lines")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
secs=$(echo "$end - $start" | bc -l)
printf 'records %d (rows %d)\npeak RSS %.1f MiB\ntime %.1f s\n%.0f rows/s\n%.1f MB/s\n' \
    "$records" "$rows" "$(echo "$rss_kb / 1024" | bc -l)" "$secs" \
    "$(echo "$rows / $secs" | bc -l)" "$(echo "$bytes / 1000000 / $secs" | bc -l)"
rm -f "$log" "$log.lines"
[[ "$records" == "$rows" ]] || { echo "records != rows" >&2; exit 1; }
