#!/usr/bin/env bash
# The soak: one newsclass daemon under mixed load and faults for SOAK_MINUTES, judged.
#
#   Tests/soak/soak.sh BINARY            (make soak; SOAK_MINUTES=20 by default)
#
# Runs in a private mount namespace: the event log's folder is a tmpfs there (the
# disk-full episode shrinks and fills it) and, when systemd-journald is installed, a
# private journald takes the daemon's journal entries (nothing reaches the machine's
# journal). The daemon runs as `nobody`. drive.py makes the load and the faults and
# samples the daemon; judge.py checks the event log, the spool, memory, descriptors,
# stderr and the notifications, prints the summary and decides the exit status.
#
# Settings (environment):
#   SOAK_MINUTES=20      load time (the drain and the judging come after it)
#   SOAK_SEED=1          drop mix, names, folders
#   SOAK_LOAD=1.0        multiplies every rate of the 60-second cycle (avg ~290 files/s)
#   SOAK_WARMUP=60       seconds after each READY=1 before memory and descriptors count
#   SOAK_BROKEN_TOML=1   include '[[[broken' among the broken configurations (0: only the
#                        other broken forms: unknown key, bad value, bad type)
#   SOAK_DISKFULL_AT=    second of the disk-full episode (default: the middle + 20 s)
#   SOAK_KEEP=0          1: keep the spool and the log parts even when the soak passes
#
# Results go to var/soak/run-DATE/ (summary.txt, driver.log, daemon-N.err, manifest,
# samples, notify); the spool and the log parts are kept only when the soak fails (or
# SOAK_KEEP=1), and then `python3 Tests/soak/judge.py var/soak/last` judges them again.
# Needs root; without it, says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=$PWD/Tests/soak

skip() { echo "soak skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (a private mount namespace, a tmpfs, the daemon run as nobody)"
for tool in python3 unshare setpriv mount; do
    command -v "$tool" >/dev/null || skip "$tool is missing"
done
getent passwd nobody >/dev/null && getent group nogroup >/dev/null || skip "no user nobody / group nogroup"
BINARY=$(realpath "${1:?usage: soak.sh BINARY}")
[ -x "$BINARY" ] || { echo "soak: $BINARY is not an executable" >&2; exit 2; }

MINUTES=${SOAK_MINUTES:-20}
RUN=$PWD/var/soak/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN/bin" "$RUN/log"
chmod 0755 "$PWD/var" "$PWD/var/soak" "$RUN"
# the daemon (nobody) must reach its binary; a copy also pins it for the whole run
install -m 0755 "$BINARY" "$RUN/bin/newsclass"
ln -sfn "$(basename "$RUN")" "$PWD/var/soak/last"
echo "soak: $MINUTES min with $("$RUN/bin/newsclass" --version 2>/dev/null || echo newsclass), results in $RUN"

export RUN MINUTES HERE
export SEED=${SOAK_SEED:-1} LOAD=${SOAK_LOAD:-1.0} WARMUP=${SOAK_WARMUP:-60}
export BROKEN_TOML=${SOAK_BROKEN_TOML:-1} DISKFULL_AT=${SOAK_DISKFULL_AT:-} KEEP=${SOAK_KEEP:-0}
# a bound on the whole run: the load, up to 5 min of drain, start-up and judging
HARD=$(python3 -c "print(int(float('$MINUTES') * 60 + 900))")

set +e
timeout -k 30 "$HARD" unshare --mount --propagation private bash -c '
    set -u
    JPID=
    cleanup() {
        # the daemon, if the driver left it behind (the driver stops it itself normally)
        if [ -s "$RUN/daemon.pid" ]; then
            pid=$(cat "$RUN/daemon.pid")
            if [ -r "/proc/$pid/cmdline" ] && tr "\0" " " <"/proc/$pid/cmdline" | grep -q "^$RUN/bin/newsclass "; then
                kill -KILL "$pid" 2>/dev/null
            fi
        fi
        if [ -n "$JPID" ]; then kill -TERM "$JPID" 2>/dev/null; wait "$JPID" 2>/dev/null; JPID=; fi
    }
    trap cleanup EXIT
    trap "exit 143" TERM INT
    mount -t tmpfs -o size=1024m,mode=0755 soak-log "$RUN/log"
    JOURNAL=
    if [ -x /lib/systemd/systemd-journald ] && [ -d /run/systemd ] && [ -d /run/log ] \
       && [ -f /etc/systemd/journald.conf ] && command -v journalctl >/dev/null; then
        mount -t tmpfs tmpfs /run/systemd
        mount -t tmpfs tmpfs /run/log
        mkdir -p /run/systemd/journal /run/log/journal
        mount --bind "$HERE/journald.conf" /etc/systemd/journald.conf
        /lib/systemd/systemd-journald 2>"$RUN/journald.err" &
        JPID=$!
        for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
        if [ -S /run/systemd/journal/socket ]; then JOURNAL=$RUN/journal.jsonl
        else echo "soak: the private journald did not start; records go to the event log only"; fi
    else
        echo "soak: no systemd-journald here; records go to the event log only"
    fi
    python3 "$HERE/drive.py" --bin "$RUN/bin/newsclass" --run "$RUN" --minutes "$MINUTES" --seed "$SEED" \
        --load "$LOAD" --warmup "$WARMUP" --broken-toml "$BROKEN_TOML" \
        ${DISKFULL_AT:+--diskfull-at "$DISKFULL_AT"} >"$RUN/driver.log" 2>&1
    drc=$?
    [ $drc = 0 ] || { echo "soak: the driver failed ($drc), see $RUN/driver.log"; tail -n 20 "$RUN/driver.log"; }
    if [ -n "$JOURNAL" ]; then
        journalctl -D /run/log/journal -o json --output-fields=NEWSCLASS_SEQ,NEWSCLASS_EVENT,PRIORITY,MESSAGE_ID \
            SYSLOG_IDENTIFIER=newsclass >"$JOURNAL" 2>"$RUN/journalctl.err"
    fi
    python3 "$HERE/judge.py" "$RUN" ${JOURNAL:+--journal "$JOURNAL"} | tee "$RUN/summary.txt"
    jrc=${PIPESTATUS[0]}
    [ $drc = 0 ] || jrc=1
    if [ $jrc != 0 ] || [ "$KEEP" = 1 ]; then
        # the log parts live on the namespace'"'"'s tmpfs: copy them out for the post-mortem
        mkdir -p "$RUN/log.kept" && cp -a "$RUN/log/." "$RUN/log.kept/" && rm -f "$RUN/log.kept/ballast"
        echo "soak: kept the spool and the log parts in $RUN (spool/, log.kept/)"
    fi
    exit $jrc
'
rc=$?
set -e
if [ $rc = 0 ] && [ "${SOAK_KEEP:-0}" != 1 ]; then
    # passed: the spool and the journal dump go; the daemon's stderr (a line per record),
    # the manifest and the notifications are compressed
    rm -rf "$RUN/spool" "$RUN/stage" "$RUN/journal.jsonl"
    gzip -qf "$RUN"/daemon-*.err "$RUN/manifest.jsonl" "$RUN/notify.jsonl" 2>/dev/null || true
fi
rm -rf "$RUN/bin"
rmdir "$RUN/log" 2>/dev/null || true
rm -f "$RUN/notify.sock" "$RUN/daemon.pid"
[ $rc = 124 ] && echo "soak: the run hit its time bound (${HARD}s)" >&2
exit $rc
