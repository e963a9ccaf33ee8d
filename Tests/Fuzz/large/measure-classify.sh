#!/bin/bash
# Peak memory and time of the whole classify path, per file: measure-classify.sh BIN FILE...
# BIN is a release build of newsclass (swift build -c release --product newsclass). Each
# file goes through `BIN classify` once (read, extract, classify, report). Prints the peak
# RSS above an idle run (on a tiny file) in MB and as a multiple of the file size, and
# the wall and CPU time. The peak of a run includes building the matcher (about 60 MB,
# handed back before the article is read), so an article shows here only by what it needs
# beyond that; for the budget (issue 9: at most 4x max_bytes per worker above idle, 1 s)
# use measure-daemon.sh, which resets the peak once the daemon is idle.
BIN=$1; shift
tiny=$(mktemp); echo "Tiny article text." > "$tiny"
idle=$(/usr/bin/time -f %M "$BIN" classify "$tiny" 2>&1 >/dev/null | tail -1); rm -f "$tiny"
echo "idle RSS: ${idle} KB"
for f in "$@"; do
  size=$(stat -c %s "$f")
  out=$( { /usr/bin/time -f "TIME %M %e %U %S" "$BIN" classify "$f" >/dev/null; } 2>&1 )
  rss=$(echo "$out" | grep '^TIME' | awk '{print $2}')
  wall=$(echo "$out" | grep '^TIME' | awk '{print $3 " (cpu " $4+$5 ")"}')
  err=$(echo "$out" | grep -v '^TIME' | head -1 | cut -c1-60)
  python3 -c "import sys; s=$size; r=$rss; i=$idle; print(f'{sys.argv[1]:22s} {s/1048576:5.1f}MB peak+{(r-i)/1024:6.1f}MB = {(r-i)*1024/s:5.2f}x  wall {sys.argv[2]}s {sys.argv[3]}')" \
    "$(basename "$f")" "$wall" "$err"
done
