#!/usr/bin/env bash
# bench/fuzz.sh N [SECONDS]: N inputs (or as many as SECONDS allow) through read() and extract() under atheris (bench/fuzz_target.py),
# starting from a letter as text, HTML, PDF and DOCX. Prints inputs tried and crashes; a crashing
# input is kept in bench/fuzz-crashes/ and the exit code is 1.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
seconds=${2:-0}
python=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/crashes"
"$python" bench/fuzz_target.py --seeds "$work/corpus" 2>/dev/null
status=0
"$python" bench/fuzz_target.py -runs="$n" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 -max_len=65536 \
  -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/log" 2>&1 || status=$?
tried=$(grep -oE "Done [0-9]+ runs" "$work/log" | grep -oE "[0-9]+" || true)
if [ -z "$tried" ]; then
  tried=$(grep -oE "^#[0-9]+" "$work/log" | tail -1 | tr -d '#' || true)
fi
crashes=$(find "$work/crashes" -type f | wc -l)
echo "inputs tried: ${tried:-0}"
echo "crashes: $crashes"
if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
  mkdir -p bench/fuzz-crashes
  cp "$work/crashes/"* bench/fuzz-crashes/ 2>/dev/null || true
  grep -A30 -E "Uncaught Python exception|ERROR: libFuzzer" "$work/log" | head -60 >&2 || tail -30 "$work/log" >&2
  exit 1
fi
