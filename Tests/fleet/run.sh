#!/usr/bin/env bash
# Tests/fleet/run.sh - a newsclass fleet in real systemd 252 containers (`make fleet-test`;
# `make fleet-measure` runs it with --measure).
#
# Three sdbox containers on one private loopback (network namespace newsclass-fleet), each
# with its own machine id and hostname: a collector running systemd-journal-remote (HTTPS
# on 19532, --split-mode=host) and two hosts, each running newsclass.service and the
# template instance newsclass@wire.service and uploading its journal with
# systemd-journal-upload. Everything is set up the way README "Many hosts" says: the
# staged `make install` tree, the certificates made by the shipped newsclass-fleet-certs
# (run in the collector), the shipped drop-ins of systemd/fleet/ (only the collector's URL
# is filled in).
#
# Test (default): drops on every host and instance (examples/ plus generated articles),
# then on the collector
#   - the raw journal files hold every record of every host's event logs (journalctl -D);
#   - `newsclass log --directory /var/log/journal/remote --check --json` reports, per host
#     and instance, the seq range 1..n of that event log, n records, no gap, exit 0;
#   - `newsclass log --directory … --json` prints each host's event-log records exactly
#     once (as a multiset: nothing lost, nothing twice), so topic counts equal the sum over
#     the hosts' event logs; --summary --json runs;
# then the collector stops for 30 s while drops go on, comes back, one uploader restarts
# (re-sending its last acknowledged entry), and the same checks hold again (duplicates in
# the raw journal files are expected; the reader must not show them).
#
# --measure: prints figures, asserts nothing: records/s arriving at the collector from two
# hosts (uploaders held back until the hosts' event logs are complete, then timed until
# the collector has every record) and the lag from a drop to its record in `newsclass log
# --directory` on the collector (p50/p99 over FLEET_LAG_SAMPLES drops).
#
# Prints PASS/FAIL per check; exits non-zero if any check failed. Skips (exit 0, with the
# reason) when not root or when sdbox cannot run here (see Tests/systemd/run.sh).
#
# Environment: NEWSCLASS_BIN=FILE (install that binary instead of building one),
# SDBOX_HOME (/var/tmp/sdbox-fleet: the rootfs with systemd-journal-remote is cached apart
# from the other tests'), FLEET_NETNS (newsclass-fleet), FLEET_GENERATED (30 generated
# articles per host and instance and phase), FLEET_FILES_PER_HOST (5000, --measure),
# FLEET_LAG_SAMPLES (50, --measure), KEEP=1 leaves the containers running.
set -uo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SDBOX=${SDBOX:-$REPO/../shared/tools/sdbox/sdbox}
export SDBOX_HOME=${SDBOX_HOME:-/var/tmp/sdbox-fleet}
NETNS=${FLEET_NETNS:-newsclass-fleet}
GENERATED=${FLEET_GENERATED:-30}
PER_HOST=${FLEET_FILES_PER_HOST:-5000}
LAG_SAMPLES=${FLEET_LAG_SAMPLES:-50}
MAKE=${MAKE:-make}
MODE=test
[ "${1:-}" = --measure ] && MODE=measure

# systemd-journal-remote for the collector, openssl for newsclass-fleet-certs
PACKAGES=systemd-journal-remote,openssl
COLLECTOR=newsclass-fleet-collector
HOSTS=(newsclass-fleet-host1 newsclass-fleet-host2)
ALL=("$COLLECTOR" "${HOSTS[@]}")
INSTANCE=wire
REMOTE=/var/log/journal/remote
FLEET_ETC=/etc/newsclass/fleet
CA_DIR=/root/newsclass-fleet-ca # in the collector (a real fleet keeps the CA elsewhere)
SHARE=/usr/local/share/newsclass/fleet
URL=https://127.0.0.1:19532

skip() { printf 'SKIP  %s\n' "$*"; exit 0; }

# ------------------------------------------------------------ prerequisites --
. "$REPO/Tests/systemd/sdbox-prerequisites.sh"
sdbox_prerequisites "fleet-$MODE"
command -v python3 >/dev/null 2>&1 || skip "python3 missing on the host (used to read JSON)"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) missing: sdbox needs it for --netns"

# ------------------------------------------------------------------ helpers --
. "$REPO/Tests/systemd/checks.sh"
on() { SDBOX_NAME=$1 "$SDBOX" exec "${@:2}"; }        # on CONTAINER CMD...
put() { SDBOX_NAME=$1 "$SDBOX" cp "$2" "$3" >/dev/null; } # put CONTAINER HOSTPATH PATH
wait_for() { # wait_for SECONDS COMMAND... : poll every 0.5 s until COMMAND succeeds
	local deadline=$(($(date +%s) + $1)); shift
	until "$@"; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.5
	done
}
short() { printf '%s' "${1#newsclass-fleet-}"; }
spool_of() { [ -n "$1" ] && echo "/var/spool/newsclass/$1" || echo /var/spool/newsclass; }
log_of() { [ -n "$1" ] && echo "/var/log/newsclass/$1/events.jsonl" || echo /var/log/newsclass/events.jsonl; }
unit_of() { [ -n "$1" ] && echo "newsclass@$1.service" || echo newsclass.service; }
nlines() { on "$1" sh -c 'grep -c . "$1" 2>/dev/null || true' sh "$2"; } # nlines HOST FILE

STAGE=$(mktemp -d /var/tmp/newsclass-fleet.XXXXXX)
chmod 0755 "$STAGE"
KEEP=${KEEP:-}
cleanup() {
	if [ -z "$KEEP" ]; then
		for c in "${ALL[@]}"; do
			SDBOX_NAME=$c "$SDBOX" status >/dev/null 2>&1 && SDBOX_NAME=$c "$SDBOX" down >/dev/null 2>&1
		done
		[ -e "/run/netns/$NETNS" ] && "$SDBOX" netns-rm "$NETNS" >/dev/null 2>&1
	else
		echo "KEEP=1: containers ${ALL[*]} left running (SDBOX_HOME=$SDBOX_HOME); stop each with"
		echo "  SDBOX_HOME=$SDBOX_HOME SDBOX_NAME=NAME $SDBOX down; then $SDBOX netns-rm $NETNS"
	fi
	rm -rf "$STAGE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== newsclass fleet ${MODE} (collector + ${#HOSTS[@]} hosts, netns $NETNS) on $(uname -sr), $(nproc) CPUs"

# ------------------------------------------------------------- host side --
t=$(now)
if "$MAKE" -C "$REPO" --no-print-directory install DESTDIR="$STAGE/root" NEWSCLASS_BIN="${NEWSCLASS_BIN:-}" >"$STAGE/install.log" 2>&1; then
	pass "make install DESTDIR=<staging> ($(since "$t")s)"
else
	fail "make install DESTDIR=<staging>" "see below"; tail -n 30 "$STAGE/install.log" | indent; exit 1
fi
BIN=$STAGE/root/usr/local/bin/newsclass
missing=$(for f in usr/local/lib/systemd/system/newsclass@.service usr/local/share/newsclass/fleet/newsclass-fleet-certs \
	usr/local/share/newsclass/fleet/collector-journal-remote.service.conf usr/local/share/newsclass/fleet/host-journal-upload.service.conf \
	usr/local/share/newsclass/fleet/host-journal-upload.conf usr/local/share/newsclass/fleet/host-journald.conf; do
	[ -f "$STAGE/root/$f" ] || printf '%s ' "$f"; done)
ok "staged tree has newsclass@.service and the fleet recipe${missing:+ (missing: $missing)}" test -z "$missing"
HAS_INSTANCE=0 HAS_READER=0
# (the help is read whole first: grep -q would stop reading early, and under pipefail the
# writer's SIGPIPE would fail the pipeline)
help=$("$BIN" run --help 2>&1); [[ $help == *--instance* ]] && HAS_INSTANCE=1
help=$("$BIN" log --help 2>&1); [[ $help == *--directory* ]] && HAS_READER=1

# ------------------------------------------------------------ containers up --
t=$(now)
if out=$("$SDBOX" build --include "$PACKAGES" 2>&1); then pass "sdbox build --include $PACKAGES ($(since "$t")s, rootfs in $SDBOX_HOME)"
else fail "sdbox build --include $PACKAGES"; printf '%s\n' "$out" | tail -n 20 | indent; exit 1; fi
for c in "${ALL[@]}"; do SDBOX_NAME=$c "$SDBOX" status >/dev/null 2>&1 && SDBOX_NAME=$c "$SDBOX" down >/dev/null 2>&1; done
[ -e "/run/netns/$NETNS" ] && "$SDBOX" netns-rm "$NETNS" >/dev/null 2>&1
for c in "${ALL[@]}"; do
	t=$(now)
	if out=$(SDBOX_NAME=$c "$SDBOX" up --netns "$NETNS" 2>&1); then :
	else fail "sdbox up --netns $NETNS ($c)"; printf '%s\n' "$out" | tail -n 10 | indent; exit 1; fi
	info "$c up in $(since "$t")s"
done
declare -A MID
for c in "${ALL[@]}"; do MID[$c]=$(on "$c" cat /etc/machine-id); done
ids="$(for c in "${ALL[@]}"; do echo "$c=$(on "$c" hostname)/${MID[$c]}"; done | tr '\n' ' ')"
own_identity() { # each container: hostname = its name, a machine id of its own
	local c
	[ "$(for c in "${ALL[@]}"; do echo "${MID[$c]}"; done | sort -u | grep -c .)" = ${#ALL[@]} ] || return 1
	for c in "${ALL[@]}"; do [ "$(on "$c" hostname)" = "$c" ] || return 1; done
}
ok "${#ALL[@]} containers on netns $NETNS, each with its own hostname and machine id: $ids" own_identity

# every container gets the staged tree (the collector uses newsclass log and the certificate script)
for c in "${ALL[@]}"; do put "$c" "$STAGE/root/usr/local" /usr/local && put "$c" "$STAGE/root/etc/newsclass" /etc/newsclass; done

# ------------------------------------------------------------- certificates --
certs=$(on "$COLLECTOR" sh -c "set -e; s=$SHARE/newsclass-fleet-certs; \$s -d $CA_DIR ca; \$s -d $CA_DIR server $COLLECTOR 127.0.0.1 localhost;
	for h in $(printf '%s ' "${HOSTS[@]}"); do \$s -d $CA_DIR client \$h; done" 2>&1); rc=$?
ok "newsclass-fleet-certs (in the collector): CA, server certificate for $COLLECTOR/127.0.0.1, client certificates for ${#HOSTS[@]} hosts" test $rc = 0
printf '%s\n' "$certs" | indent
v=$(on "$COLLECTOR" sh -c "cd $CA_DIR && openssl verify -CAfile ca.crt $COLLECTOR.crt $(printf '%s.crt ' "${HOSTS[@]}") && openssl x509 -in $COLLECTOR.crt -noout -ext subjectAltName | tail -n1" 2>&1)
ok "certificates verify against the CA; server subjectAltName:$(printf '%s' "$v" | tail -n1)" eval '[ "$(printf "%s\n" "$v" | grep -c ": OK$")" = 3 ]'
keymodes=$(on "$COLLECTOR" stat -c '%n %a' "$CA_DIR/ca.key" "$CA_DIR/$COLLECTOR.key" | awk '{ print $2 }' | sort -u)
ok "keys are created mode 0600 ($keymodes)" test "$keymodes" = 600
copy_cert() { # copy_cert TO-CONTAINER FILE-IN-CA-DIR DEST MODE
	on "$COLLECTOR" cat "$CA_DIR/$2" | on "$1" sh -c 'umask 077; mkdir -p "$(dirname "$1")" && cat >"$1" && chmod "$2" "$1"' sh "$3" "$4"
}

# ---------------------------------------------------------------- collector --
on "$COLLECTOR" mkdir -p "$FLEET_ETC" /etc/systemd/system/systemd-journal-remote.service.d
copy_cert "$COLLECTOR" "$COLLECTOR.key" "$FLEET_ETC/server.key" 0600
copy_cert "$COLLECTOR" "$COLLECTOR.crt" "$FLEET_ETC/server.crt" 0644
on "$COLLECTOR" cp "$SHARE/collector-journal-remote.service.conf" /etc/systemd/system/systemd-journal-remote.service.d/newsclass-fleet.conf
out=$(on "$COLLECTOR" sh -c 'systemctl daemon-reload && systemctl enable --now systemd-journal-remote.socket && systemctl start systemd-journal-remote.service' 2>&1); rc=$?
ok "collector: systemd-journal-remote with the shipped drop-in: $(on "$COLLECTOR" systemctl is-active systemd-journal-remote.service)" \
	eval '[ $rc = 0 ] && [ "$(on "$COLLECTOR" systemctl is-active systemd-journal-remote.service)" = active ]'
[ $rc = 0 ] || printf '%s\n' "$out" | indent
on "$COLLECTOR" journalctl --no-pager -q -u systemd-journal-remote.service -o cat | grep -iE 'certificate|error|fail' | indent

# -------------------------------------------------------------------- hosts --
if [ $HAS_INSTANCE = 1 ]; then pass "the binary has run --instance"
else
	fail "the binary has run --instance (newsclass@.service's ExecStart= needs it)" "fleet-reader branch not merged?"
	info "continuing with a drop-in that starts the instance without --instance (no NEWSCLASS_INSTANCE journal field)"
fi
for h in "${HOSTS[@]}"; do
	copy_cert "$h" ca.crt "$FLEET_ETC/ca.crt" 0644
	copy_cert "$h" "$h.crt" "$FLEET_ETC/client.crt" 0644
	copy_cert "$h" "$h.key" "$FLEET_ETC/client.key" 0600
	on "$h" sh -c "set -e
		mkdir -p /etc/systemd/system/systemd-journal-upload.service.d /etc/systemd/journal-upload.conf.d /etc/systemd/journald.conf.d
		cp $SHARE/host-journal-upload.service.conf /etc/systemd/system/systemd-journal-upload.service.d/newsclass-fleet.conf
		sed 's|^URL=.*|URL=$URL|' $SHARE/host-journal-upload.conf >/etc/systemd/journal-upload.conf.d/newsclass-fleet.conf
		cp $SHARE/host-journald.conf /etc/systemd/journald.conf.d/newsclass-fleet.conf"
	if [ $HAS_INSTANCE = 0 ]; then
		on "$h" mkdir -p /etc/systemd/system/newsclass@.service.d
		printf '[Service]\nExecStart=\nExecStart=/usr/local/bin/newsclass run --spool /var/spool/newsclass/%%i --log /var/log/newsclass/%%i/events.jsonl\n' |
			on "$h" sh -c 'cat >/etc/systemd/system/newsclass@.service.d/50-no-instance.conf'
	fi
	out=$(on "$h" sh -c "set -e; systemd-sysusers newsclass.conf; systemd-tmpfiles --create newsclass.conf; systemctl daemon-reload
		systemctl restart systemd-journald; journalctl --flush
		systemctl start newsclass.service newsclass@$INSTANCE.service" 2>&1); rc=$?
	states=$(for u in newsclass.service "newsclass@$INSTANCE.service"; do printf '%s=%s ' "$u" "$(on "$h" systemctl is-active "$u")"; done)
	ok "$(short "$h"): sysusers, tmpfiles, journald drop-in (Storage=$(on "$h" sh -c 'ls -d /var/log/journal/*/ >/dev/null 2>&1 && echo persistent || echo volatile')); $states" \
		eval '[ $rc = 0 ] && [ "$states" = "newsclass.service=active newsclass@$INSTANCE.service=active " ]'
	[ $rc = 0 ] || printf '%s\n' "$out" | indent
done
# the configuration fallback: host2's feed has its own /etc/newsclass/wire.toml (articles
# deleted after classification), host1's feed falls back to newsclass.toml (archived)
if [ $HAS_INSTANCE = 1 ]; then
	h=${HOSTS[1]}
	on "$h" sh -c "sed 's/^after = \"archive\"/after = \"delete\"/' /etc/newsclass/newsclass.toml >/etc/newsclass/$INSTANCE.toml &&
		grep -q '^after = \"delete\"' /etc/newsclass/$INSTANCE.toml && systemctl restart newsclass@$INSTANCE.service"
	ok "$(short "$h"): /etc/newsclass/$INSTANCE.toml written (spool.after = \"delete\"), newsclass@$INSTANCE restarted: $(on "$h" systemctl is-active "newsclass@$INSTANCE.service")" \
		test "$(on "$h" systemctl is-active "newsclass@$INSTANCE.service")" = active
fi
h=${HOSTS[0]}
modes=$(on "$h" stat -c '%n %a %U %G' /var/spool/newsclass/$INSTANCE /var/spool/newsclass/$INSTANCE/{incoming,processing,done,failed} /var/log/newsclass/$INSTANCE "$(log_of $INSTANCE)")
ok "newsclass@$INSTANCE: its spool and log folders have the plain spool's modes and owners" \
	test "$(printf '%s\n' "$modes" | awk '{ print $2 "/" $3 "/" $4 }' | tr '\n' ' ')" = \
	"710/newsclass/newsclass 1730/newsclass/newsclass 700/newsclass/newsclass 700/newsclass/newsclass 700/newsclass/newsclass 750/newsclass/newsclass 640/newsclass/newsclass "
printf '%s\n' "$modes" | indent
if [ $HAS_INSTANCE = 1 ]; then
	st=$(on "$h" systemctl show -p StatusText --value "newsclass@$INSTANCE.service")
	ok "newsclass@$INSTANCE watches its own spool: StatusText='$st'" eval '[[ $st == *"/var/spool/newsclass/$INSTANCE/incoming"* ]]'
fi
out=$(on "$h" systemd-analyze verify --man=no "/usr/local/lib/systemd/system/newsclass@.service" 2>&1); rc=$?
ok "systemd-analyze verify newsclass@.service: ${out:-clean}" eval '[ $rc = 0 ] && [ -z "$out" ]'
score=$(on "$h" systemd-analyze security --offline=true --no-pager "newsclass@$INSTANCE.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' | head -n1)
plain=$(on "$h" systemd-analyze security --offline=true --no-pager newsclass.service 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' | head -n1)
ok "systemd-analyze security: newsclass@$INSTANCE $score, newsclass $plain (the same)" eval '[ -n "$score" ] && [ "$score" = "$plain" ]'

start_uploaders() {
	local h
	for h in "${HOSTS[@]}"; do on "$h" systemctl start systemd-journal-upload.service; done
}
[ $MODE = test ] && start_uploaders

# ------------------------------------------------------------------- drops --
# The articles: examples/ (every format) and generated variations of them (unique text,
# so each is a new classification), written on the test host, copied in as one folder,
# then dropped the safe way (.name, then rename) by one shell inside the container.
EXAMPLES=("$REPO"/examples/*)
TEXTS=("$REPO"/examples/*.txt)
make_batch() { # make_batch DIR TAG COUNT: examples plus COUNT generated articles in DIR
	local dir=$1 tag=$2 n=$3 i src
	mkdir -p "$dir"
	for src in "${EXAMPLES[@]}"; do cp "$src" "$dir/$tag-$(basename "$src")"; done
	for ((i = 1; i <= n; i++)); do
		src=${TEXTS[$((i % ${#TEXTS[@]}))]}
		{ cat "$src"; printf '\nReference %s-%s-%s.\n' "$tag" "$i" "$RANDOM"; } >"$dir/$tag-$i-$(basename "$src")"
	done
}
declare -A DROPPED # HOST/INSTANCE -> how many files dropped there so far
drop_batch() { # drop_batch HOST INSTANCE TAG COUNT
	local h=$1 inst=$2 tag=$3 dir=$STAGE/batch/$1-$2-$3 spool n
	spool=$(spool_of "$inst")
	make_batch "$dir" "$tag" "$4"
	n=$(find "$dir" -type f | grep -c .)
	put "$h" "$dir" "/var/tmp/batch-$tag"
	on "$h" sh -c 'cd "$1" && for f in *; do cp "$f" "$2/incoming/.$f" && mv "$2/incoming/.$f" "$2/incoming/$f"; done' sh "/var/tmp/batch-$tag" "$spool"
	DROPPED[$h/$inst]=$((${DROPPED[$h/$inst]:-0} + n))
}
recorded_all() { # every host's event logs have one record per file dropped
	local h i
	for h in "${HOSTS[@]}"; do
		for i in "" "$INSTANCE"; do [ "$(nlines "$h" "$(log_of "$i")")" -ge "${DROPPED[$h/$i]:-0}" ] || return 1; done
	done
}
fetch_logs() { # the hosts' event logs, as HOST-machine-id/INSTANCE files under $STAGE/expect
	local h i
	rm -rf "$STAGE/expect"; mkdir -p "$STAGE/expect"
	for h in "${HOSTS[@]}"; do
		for i in "" "$INSTANCE"; do on "$h" cat "$(log_of "$i")" >"$STAGE/expect/${MID[$h]}.${i:-_}.jsonl"; done
	done
}
# raw: the collector's journal files, read by journalctl: "have N want M missing K dup D"
raw_state() {
	on "$COLLECTOR" journalctl -D "$REMOTE" -o json --no-pager SYSLOG_IDENTIFIER=newsclass \
		--output-fields=_MACHINE_ID,_SYSTEMD_UNIT,NEWSCLASS_SEQ 2>/dev/null | python3 -c '
import sys, json, os, collections
want = set()
d = sys.argv[1]
for name in os.listdir(d):
    mid, inst, _ = name.split(".")
    for l in open(os.path.join(d, name)):
        if l.strip():
            want.add((mid, "" if inst == "_" else inst, json.loads(l)["seq"]))
seen = collections.Counter()
for l in sys.stdin:
    e = json.loads(l)
    if "NEWSCLASS_SEQ" not in e:
        continue
    unit = e.get("_SYSTEMD_UNIT", "")
    inst = unit[len("newsclass@"):-len(".service")] if unit.startswith("newsclass@") else ""
    seen[(e["_MACHINE_ID"], inst, int(e["NEWSCLASS_SEQ"]))] += 1
missing = want - set(seen)
print("have %d want %d missing %d dup %d" % (len(set(seen) & want), len(want), len(missing), sum(n - 1 for n in seen.values())))
' "$STAGE/expect"
}
raw_complete() { RAW=$(raw_state); [[ $RAW == *" missing 0 "* ]]; }

# --check --json and --json of the reader against the hosts' event logs
reader_checks() { # reader_checks PHASE
	local phase=$1 out rc
	if [ $HAS_READER = 0 ]; then
		fail "$phase: newsclass log --directory (the binary has no --directory)" "fleet-reader branch not merged?"
		return
	fi
	out=$(on "$COLLECTOR" newsclass log --directory "$REMOTE" --check --json 2>"$STAGE/check.err"); rc=$?
	printf '%s\n' "$out" >"$STAGE/check.json"
	verdict=$(python3 - "$STAGE/expect" "$STAGE/check.json" <<'EOF'
import sys, json, os
want = {}
for name in os.listdir(sys.argv[1]):
    mid, inst, _ = name.split(".")
    seqs = [json.loads(l)["seq"] for l in open(os.path.join(sys.argv[1], name)) if l.strip()]
    want[(mid, "" if inst == "_" else inst)] = seqs
got, bad = {}, []
for l in open(sys.argv[2]):
    if not l.strip():
        continue
    o = json.loads(l)
    key = (o.get("machine_id"), o.get("instance") or "")
    got[key] = o
for key, seqs in sorted(want.items()):
    o = got.get(key)
    label = "%s/%s" % (key[0][:8], key[1] or "-")
    if o is None:
        bad.append(label + ": not reported")
        continue
    exp = (min(seqs), max(seqs), len(seqs))
    have = (o.get("first"), o.get("last"), o.get("records"))
    if have != exp or o.get("gaps"):
        bad.append("%s: first/last/records %s, want %s, gaps %s" % (label, have, exp, o.get("gaps")))
extra = [k for k in got if k not in want and k[0] in {m for m, _ in want}]
if extra:
    bad.append("reported but not in any event log: %s" % extra)
print("; ".join(bad) if bad else "ok: " + ", ".join("%s/%s %d..%d" % (k[0][:8], k[1] or "-", min(v), max(v)) for k, v in sorted(want.items())))
EOF
)
	ok "$phase: newsclass log --directory $REMOTE --check --json: exit $rc, per host and instance the seq range of its event log, no gap ($verdict)" \
		eval '[ $rc = 0 ] && [[ $verdict == ok:* ]]'
	[ -s "$STAGE/check.err" ] && indent <"$STAGE/check.err"
	on "$COLLECTOR" newsclass log --directory "$REMOTE" --check 2>&1 | head -n 8 | indent

	out=$(on "$COLLECTOR" newsclass log --directory "$REMOTE" --json 2>"$STAGE/json.err"); rc=$?
	printf '%s\n' "$out" >"$STAGE/reader.jsonl"
	verdict=$(python3 - "$STAGE/expect" "$STAGE/reader.jsonl" <<'EOF'
import sys, json, os, collections
def canon(r, keys):
    return json.dumps({k: r.get(k) for k in keys}, sort_keys=True)
want, keys, topics_want = collections.Counter(), set(), collections.Counter()
records = []
for name in os.listdir(sys.argv[1]):
    for l in open(os.path.join(sys.argv[1], name)):
        if l.strip():
            r = json.loads(l); records.append(r); keys |= set(r)
            topics_want.update(r.get("topics") or [])
for r in records:
    want[canon(r, keys)] += 1
got, topics_got = collections.Counter(), collections.Counter()
for l in open(sys.argv[2]):
    if l.strip():
        r = json.loads(l)
        got[canon(r, keys)] += 1
        topics_got.update(r.get("topics") or [])
missing = sum((want - got).values()); extra = sum((got - want).values())
twice = sum(n - 1 for n in got.values() if n > 1)
topics = "topics " + " ".join("%s=%d" % kv for kv in sorted(topics_got.items()))
if missing or extra or twice or topics_got != topics_want:
    print("missing %d, not in any event log %d, twice %d; %s; want %s" % (missing, extra, twice, topics,
          " ".join("%s=%d" % kv for kv in sorted(topics_want.items()))))
else:
    print("ok: %d records = the hosts' event logs, each once; %s" % (sum(got.values()), topics))
EOF
)
	ok "$phase: newsclass log --directory --json prints every host's records exactly once ($verdict)" \
		eval '[ $rc = 0 ] && [[ $verdict == ok:* ]]'
	[ -s "$STAGE/json.err" ] && head -n 5 "$STAGE/json.err" | indent
	on "$COLLECTOR" newsclass log --directory "$REMOTE" --summary --by host --json >"$STAGE/summary.jsonl" 2>&1; rc=$?
	verdict=$(python3 - "$STAGE/expect" "$STAGE/summary.jsonl" $(for h in "${HOSTS[@]}"; do printf '%s=%s ' "${MID[$h]}" "$h"; done) <<'EOF'
import sys, json, os, collections
hosts = dict(a.split("=") for a in sys.argv[3:])
want_records, want_topics = collections.Counter(), collections.Counter()
for name in os.listdir(sys.argv[1]):
    for l in open(os.path.join(sys.argv[1], name)):
        if l.strip():
            r = json.loads(l)
            want_records[hosts[name.split(".")[0]]] += 1
            want_topics.update(r.get("topics") or [])
got_records, got_topics = collections.Counter(), collections.Counter()
try:
    for l in open(sys.argv[2]):
        if l.strip():
            o = json.loads(l)
            got_records[o["host"]] += o["records"]
            got_topics.update({k: v for k, v in o["topics"].items() if v})
except (ValueError, KeyError) as e:
    print("unreadable: %r" % e); sys.exit()
fmt = lambda c: " ".join("%s=%d" % (k.replace("newsclass-fleet-", ""), v) for k, v in sorted(c.items()))
if got_records == want_records and got_topics == want_topics:
    print("ok: records per host %s; topics %s" % (fmt(got_records), fmt(got_topics)))
else:
    print("records per host %s, want %s; topics %s, want %s" % (fmt(got_records), fmt(want_records), fmt(got_topics), fmt(want_topics)))
EOF
)
	ok "$phase: newsclass log --directory --summary --by host --json: exit $rc, counts equal the hosts' event logs ($verdict)" \
		eval '[ $rc = 0 ] && [[ $verdict == ok:* ]]'
	on "$COLLECTOR" newsclass log --directory "$REMOTE" --summary 2>&1 | head -n 12 | indent
}

if [ $MODE = test ]; then
	# ------------------------------------------------------------- phase 1 --
	t=$(now)
	for h in "${HOSTS[@]}"; do for i in "" "$INSTANCE"; do drop_batch "$h" "$i" "p1-$(short "$h")-${i:-plain}" "$GENERATED"; done; done
	ok "dropped $(for k in "${!DROPPED[@]}"; do printf '%s:%s ' "$(short "$k")" "${DROPPED[$k]}"; done)files; every host's event logs have them ($(since "$t")s)" \
		wait_for 180 recorded_all
	fetch_logs
	if [ $HAS_INSTANCE = 1 ]; then
		archived() { on "$1" sh -c 'find "$1" -type f | grep -c .' sh "/var/spool/newsclass/$INSTANCE/done"; }
		a1=$(archived "${HOSTS[0]}") a2=$(archived "${HOSTS[1]}")
		ok "configuration per feed: $(short "${HOSTS[0]}")'s $INSTANCE (newsclass.toml) archived $a1 articles in done/, $(short "${HOSTS[1]}")'s ($INSTANCE.toml: delete) $a2" \
			eval '[ "$a1" -gt 0 ] && [ "$a2" = 0 ]'
	fi
	t=$(now)
	wait_for 120 raw_complete
	ok "collector: the raw journal files hold every record of the hosts' event logs ($RAW, $(since "$t")s after the last record)" \
		eval '[[ $RAW == *" missing 0 "* ]]'
	on "$COLLECTOR" ls -l "$REMOTE" | tail -n +2 | indent
	if [ $HAS_INSTANCE = 1 ]; then
		n_inst=$(on "$COLLECTOR" journalctl -D "$REMOTE" -o cat --output-fields=NEWSCLASS_SEQ "NEWSCLASS_INSTANCE=$INSTANCE" | grep -c .)
		n_want=$(cat "$STAGE"/expect/*."$INSTANCE".jsonl | grep -c .)
		n_plain=$(on "$COLLECTOR" journalctl -D "$REMOTE" -o json --output-fields=NEWSCLASS_INSTANCE,NEWSCLASS_SEQ _SYSTEMD_UNIT=newsclass.service |
			grep NEWSCLASS_SEQ | grep -c NEWSCLASS_INSTANCE)
		ok "journal: $n_inst entries with NEWSCLASS_INSTANCE=$INSTANCE (the feeds' event logs: $n_want records), $n_plain of the plain unit's with the field" \
			test "$n_inst/$n_plain" = "$n_want/0"
	fi
	reader_checks "after the drops"

	# -------------------------------------------------- collector outage --
	t0=$(now)
	on "$COLLECTOR" systemctl stop systemd-journal-remote.socket systemd-journal-remote.service
	ok "collector stopped (socket and service: $(on "$COLLECTOR" systemctl is-active systemd-journal-remote.socket systemd-journal-remote.service | tr '\n' ' '))" \
		eval '! on "$COLLECTOR" systemctl is-active -q systemd-journal-remote.service'
	for h in "${HOSTS[@]}"; do for i in "" "$INSTANCE"; do drop_batch "$h" "$i" "p2-$(short "$h")-${i:-plain}" "$GENERATED"; done; done
	ok "dropped more while the collector is away; the hosts record them" wait_for 120 recorded_all
	rest=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { r = 30 - (b - a); print (r > 0 ? r : 0) }')
	sleep "$rest"
	for h in "${HOSTS[@]}"; do
		info "$(short "$h"): systemd-journal-upload $(on "$h" systemctl is-active systemd-journal-upload.service), NRestarts=$(on "$h" systemctl show -p NRestarts --value systemd-journal-upload.service) during the outage"
	done
	on "$COLLECTOR" systemctl start systemd-journal-remote.socket
	info "collector back after $(since "$t0")s"
	h=${HOSTS[0]}
	on "$h" systemctl restart systemd-journal-upload.service
	ok "$(short "$h"): systemd-journal-upload restarted: $(on "$h" systemctl is-active systemd-journal-upload.service)" \
		wait_for 20 eval '[ "$(on "$h" systemctl is-active systemd-journal-upload.service)" = active ]'
	drop_batch "${HOSTS[1]}" "$INSTANCE" "p3-$(short "${HOSTS[1]}")" 5
	ok "the hosts record the last drops" wait_for 120 recorded_all
	fetch_logs
	t=$(now)
	wait_for 180 raw_complete
	ok "collector: after the outage and the uploader restart the raw journal files hold every record ($RAW, $(since "$t")s)" \
		eval '[[ $RAW == *" missing 0 "* ]]'
	reader_checks "after the outage"
	for h in "${HOSTS[@]}"; do
		on "$h" journalctl --no-pager -q -u systemd-journal-upload.service -o cat | grep -vE '^(Started|Stopp|Deactivated)' | sort | uniq -c | sort -rn | head -n 4 | indent
	done
else
	# ------------------------------------------------------------- measure --
	# Lag: drop one file on a host, poll the collector until its record is visible.
	measure_lag() { # measure_lag LABEL
		local k h name poller t_drop t_seen t n
		seen_cmd='until '"$([ $HAS_READER = 1 ] && echo 'newsclass log --directory '"$REMOTE"' --json' || echo 'journalctl -D '"$REMOTE"' -o cat --output-fields=NEWSCLASS_FILE SYSLOG_IDENTIFIER=newsclass')"' 2>/dev/null | grep -q "$1"; do sleep 0.02; done; date +%s.%N'
		: >"$STAGE/lags"
		for ((k = 1; k <= LAG_SAMPLES; k++)); do
			h=${HOSTS[$((k % 2))]}
			name=lag-$k-$RANDOM.txt
			{ cat "$REPO/examples/en-mining-ban.txt"; printf '\nLag sample %s.\n' "$name"; } >"$STAGE/$name"
			put "$h" "$STAGE/$name" "/var/tmp/$name"
			on "$COLLECTOR" timeout 60 sh -c "$seen_cmd" sh "$name" >"$STAGE/seen" &
			poller=$!
			sleep 0.3
			t_drop=$(on "$h" sh -c 'date +%s.%N; mv "/var/tmp/$1" /var/spool/newsclass/incoming/' sh "$name")
			DROPPED[$h/]=$((${DROPPED[$h/]:-0} + 1))
			wait "$poller"
			t_seen=$(cat "$STAGE/seen")
			[ -n "$t_seen" ] && awk -v a="$t_drop" -v b="$t_seen" 'BEGIN { printf "%.3f\n", b - a }' >>"$STAGE/lags"
		done
		sort -n "$STAGE/lags" | awk -v label="$1" '{ v[NR] = $1 } END {
			if (NR == 0) { print "      lag: no samples"; exit }
			p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]
			printf "      lag drop -> visible on the collector (%s) over %d samples: p50 %.3f s, p99 %.3f s, min %.3f s, max %.3f s\n", label, NR, p50, p99, v[1], v[NR] }'
		t=$(now)
		if [ $HAS_READER = 1 ]; then n=$(on "$COLLECTOR" newsclass log --directory "$REMOTE" --json | grep -c .)
		else n=$(on "$COLLECTOR" journalctl -D "$REMOTE" -o cat --output-fields=NEWSCLASS_FILE SYSLOG_IDENTIFIER=newsclass | grep -c .); fi
		info "(visible = in the output of $([ $HAS_READER = 1 ] && echo 'newsclass log --directory --json' || echo 'journalctl -D (no reader in this binary)'), polled every 20 ms;" \
			"one such read of the collector's $n records takes $(since "$t")s, part of each sample)"
	}
	count_remote() { # records at the collector: the reader's --check, else journalctl
		if [ $HAS_READER = 1 ]; then
			on "$COLLECTOR" newsclass log --directory "$REMOTE" --check --json 2>/dev/null |
				python3 -c 'import sys, json; print(sum(json.loads(l)["records"] for l in sys.stdin if l.strip()))'
		else
			on "$COLLECTOR" journalctl -D "$REMOTE" -o cat --output-fields=NEWSCLASS_SEQ SYSLOG_IDENTIFIER=newsclass 2>/dev/null | grep -c .
		fi
	}
	start_uploaders
	measure_lag "nearly empty collector"
	for h in "${HOSTS[@]}"; do on "$h" systemctl stop systemd-journal-upload.service; done
	# Throughput: the hosts classify with the uploaders stopped, then both uploaders start
	# and the collector's record count is polled until it has them all.
	declare -A JBEFORE
	for h in "${HOSTS[@]}"; do JBEFORE[$h]=$(on "$h" du -sk /var/log/journal | cut -f1); done
	t=$(now)
	for h in "${HOSTS[@]}"; do
		mkdir -p "$STAGE/m/$h"
		for ((k = 1; k <= PER_HOST; k++)); do
			{ cat "$REPO/examples/en-mining-ban.txt"; printf '\nMeasure %s %s %s.\n' "$h" "$k" "$RANDOM"; } >"$STAGE/m/$h/m-$k.txt"
		done
		put "$h" "$STAGE/m/$h" /var/tmp/measure
		on "$h" sh -c 'cd /var/tmp/measure && for f in *; do mv "$f" /var/spool/newsclass/incoming/; done' &
		DROPPED[$h/]=$((${DROPPED[$h/]:-0} + PER_HOST))
	done
	wait
	wait_for 900 recorded_all
	local_s=$(since "$t")
	info "hosts: $PER_HOST articles each dropped and classified in ${local_s}s (uploaders stopped)"
	fetch_logs
	base=$(count_remote)
	total=$((base + 2 * PER_HOST))
	t=$(now)
	start_uploaders
	until [ "$(count_remote)" -ge "$total" ]; do sleep 0.1; [ "$(awk -v a="$t" -v b="$(now)" 'BEGIN { print (b - a > 600) }')" = 1 ] && break; done
	up_s=$(since "$t")
	n=$(($(count_remote) - base))
	info "collector: $n of $((2 * PER_HOST)) records in ${up_s}s after both uploaders started: $(awk -v n="$n" -v s="$up_s" 'BEGIN { printf "%.0f", n / s }') records/s" \
		"(counted with $([ $HAS_READER = 1 ] && echo 'newsclass log --directory --check' || echo 'journalctl -D'))"
	h=${HOSTS[0]}
	grown=$(($(on "$h" du -sk /var/log/journal | cut -f1) - ${JBEFORE[$h]}))
	export_bytes=$(on "$h" journalctl -o export -u newsclass.service SYSLOG_IDENTIFIER=newsclass --no-pager | wc -c)
	info "host journal: grew by $grown KiB (allocated in 8 MiB steps) for $PER_HOST records, about $((grown * 1024 / PER_HOST)) bytes each;" \
		"journalctl -o export of the daemon's entries: $((export_bytes / PER_HOST)) bytes per record"
	measure_lag "with $((2 * PER_HOST + LAG_SAMPLES)) records on the collector"
fi

echo
echo "== $npass passed, $nfail failed"
if [ $nfail != 0 ]; then
	printf 'failed:\n'; printf '  %s\n' "${FAILED[@]}"
fi
[ $nfail = 0 ]
