#!/usr/bin/env bash
# The end-to-end benchmark: newsclass under the shared load driver (../shared/bench),
# next to the C floor with overflow rescan (floor-r) in the same run, so the two share the
# machine's noise. Each daemon runs in a private mount namespace with its own journald.
#
#   Tests/bench/daemon-bench.sh BINARY [REPS]
#
# Runs burst 2000, burst 20000 and 500 files/s for 20 s, then the stalled bursts (daemon
# SIGSTOPped while 10000 / 20000 files are dropped, SIGCONT after: drain rate from a full
# queue, and inotify overflow), and prints the median tables. Results and logs go to
# var/bench/. Needs root (mount namespaces); without it, says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
BINARY=$(realpath "${1:?usage: daemon-bench.sh BINARY [REPS]}")
REPS=${2:-1}
DRIVER=$(realpath -m ../shared/bench)

if [ "$(id -u)" != 0 ]; then
    echo "daemon bench skipped: the driver needs root for its mount namespaces"; exit 0
fi
if [ ! -x "$DRIVER/run-all.sh" ]; then
    echo "daemon bench skipped: no load driver at $DRIVER"; exit 0
fi
for tool in python3 cc journalctl unshare; do
    command -v "$tool" >/dev/null || { echo "daemon bench skipped: $tool is missing"; exit 0; }
done

export BENCH_OUT=$PWD/var/bench
# newsclass keeps processing/, done/ and failed/ beside incoming/, so the driver drops
# into incoming/; the floor is pointed at the same folder.
export DROP_SUB=incoming
mkdir -p "$BENCH_OUT"
# The matcher's tables as the unit keeps them (CacheDirectory=): a file the daemon maps.
# Compiled by the first run, mapped by the others.
peers=(
    -P ''
    -p 'floor-r="$FLOOR_BIN" -r "$SPOOL/incoming" "$EVENT_LOG" "$DONE_DIR"'
    -p "newsclass=$BINARY run --spool \"\$SPOOL\" --log \"\$EVENT_LOG\" --cache \"$BENCH_OUT/matcher-cache\""
)
echo "== load runs ($REPS repetition(s)): burst 2000, burst 20000, 500/s for 20 s"
"$DRIVER/run-all.sh" -r "$REPS" "${peers[@]}"
echo "== stalled runs ($REPS repetition(s)): SIGSTOP during 10000 / 20000 drops, then SIGCONT"
"$DRIVER/run-all.sh" --stall -r "$REPS" "${peers[@]}"
echo "results and logs: $BENCH_OUT/results/"
