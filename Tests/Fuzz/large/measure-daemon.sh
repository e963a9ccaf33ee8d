#!/bin/bash
# Peak memory of the daemon with two workers fed two large articles at once:
#   measure-daemon.sh BIN FILE...
# BIN is a release build of newsclass. The daemon runs on a scratch spool with 2 workers
# and the default configuration; the files are dropped in pairs (the first with the
# second, the third with the fourth…, a lone last one with itself renamed), and after
# each pair has its records the peak resident size (VmHWM, reset before each pair
# through /proc/PID/clear_refs) is printed beside the idle size. The budget (issue 9):
# the whole daemon at most 110 MB, each worker at most 4x max_bytes above idle.
set -u
BIN=$(readlink -f "$1"); shift
HERE=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d); trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/spool/incoming" "$work/stage"
"$BIN" run --config "$HERE/config/newsclass.toml" --spool "$work/spool" --log "$work/events.jsonl" --workers 2 \
    2>"$work/daemon.err" &
pid=$!
for _ in $(seq 100); do grep -q watching "$work/daemon.err" 2>/dev/null && break; sleep 0.1; done
sleep 1
kib() { awk -v k="$1:" '$1 == k { print $2 }' /proc/$pid/status; }
idle=$(kib VmRSS)
echo "idle VmRSS: $idle KB (2 workers)"
records() { if [ -f "$work/events.jsonl" ]; then awk 'END { print NR }' "$work/events.jsonl"; else echo 0; fi; }
n=0
while [ $# -gt 0 ]; do
  a=$1; b=${2:-$1}; shift; [ $# -gt 0 ] && shift
  cp "$a" "$work/stage/a-$n-$(basename "$a")"; cp "$b" "$work/stage/b-$n-$(basename "$b")"
  # distinct content, so that the second is not a duplicate of the first
  printf '\n%s\n' "$n" >>"$work/stage/b-$n-$(basename "$b")"
  echo 5 >/proc/$pid/clear_refs
  start=$(date +%s.%N); before=$(records)
  mv "$work/stage/a-$n-$(basename "$a")" "$work/spool/incoming/"; mv "$work/stage/b-$n-$(basename "$b")" "$work/spool/incoming/"
  while [ "$(records)" -lt $((before + 2)) ]; do sleep 0.05; done
  took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  hwm=$(kib VmHWM)
  printf '%-22s + %-22s peak %6d KB = idle + %5.1f MB  (%.2f x max_bytes per worker)  both done in %s s\n' \
    "$(basename "$a")" "$(basename "$b")" "$hwm" "$(echo "($hwm - $idle) / 1024" | bc -l)" \
    "$(echo "($hwm - $idle) / 2 / 10240" | bc -l)" "$took"
  n=$((n + 1))
done
echo "after all: VmRSS $(kib VmRSS) KB"
