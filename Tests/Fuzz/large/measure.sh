#!/bin/bash
# Peak memory and time of extraction alone, per file: measure.sh BIN FILE...
# BIN is a release build of fuzz-extract (swift build -c release --product fuzz-extract),
# whose --measure mode reads the file into an array of its exact size and extracts it
# once. Prints the peak RSS above an idle run (on a tiny file) as a multiple of the
# file size (1.0x = the input alone), wall and CPU time.
BIN=$1; shift
tiny=$(mktemp); echo "Tiny article text." > "$tiny"
idle=$(/usr/bin/time -f %M $BIN --measure "$tiny" 2>&1 >/dev/null | tail -1); rm -f "$tiny"
echo "idle RSS: ${idle} KB"
for f in "$@"; do
  size=$(stat -c %s "$f")
  out=$( { /usr/bin/time -f "TIME %M %e %U %S" $BIN --measure "$f"; } 2>&1 )
  rss=$(echo "$out" | grep '^TIME' | awk '{print $2}')
  wall=$(echo "$out" | grep "^TIME" | awk "{print \$3 \" (cpu \" \$4+\$5 \")\"}")
  res=$(echo "$out" | grep -v '^TIME' | sed 's/^[^:]*: //' | cut -c1-110)
  python3 -c "import sys; s=$size; r=$rss; i=$idle; print(f'{sys.argv[1]:22s} {s/1048576:5.1f}MB peak+{(r-i)/1024:7.1f}MB = {(r-i)*1024/s:5.2f}x  wall {sys.argv[2]}s  | {sys.argv[3]}')" "$(basename $f)" "$wall" "$res"
done
