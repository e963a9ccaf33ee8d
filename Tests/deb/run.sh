#!/usr/bin/env bash
# Tests/deb/run.sh - the Debian package the way an admin meets it (`make deb-test`).
#
# Builds newsclass_<version>_amd64.deb (make deb) and a rebuilt copy one Debian revision
# higher, boots a clean Debian 12 container with systemd 252 as PID 1 and man-db
# (../shared/tools/sdbox, its own cached rootfs under SDBOX_HOME), and checks:
#   apt install   user and group, folders and modes as the README's table says, the
#                 journal catalog, the unit enabled and active, a drop classified into
#                 /var/log/newsclass/events.jsonl, man newsclass / newsclass.toml,
#                 completions, systemd-analyze verify (Documentation= pages found), the
#                 matcher's tables a file in /var/cache/newsclass that the daemon maps
#   upgrade       an edited /etc/newsclass/newsclass.toml is kept, the daemon was
#                 restarted, still classifies and maps the same tables file
#   apt remove    the service stopped, the unit gone, the config kept
#   apt purge     exactly what debian/newsclass.postrm documents: /etc/newsclass,
#                 /var/log/newsclass and /var/cache/newsclass gone, empty spool folders gone, articles kept, the
#                 user and group kept, the catalog entries and enablement links gone
# then piuparts (install, purge, leftovers) when it can run here.
#
# Prints PASS/FAIL per check; exits non-zero if any check failed. Skips (exit 0, with
# the reason) when not root, when sdbox cannot run here, or when its prerequisites
# (debootstrap, systemd-nspawn) are missing outside CI; with CI set it installs them.
#
# Environment: SDBOX_NAME (default newsclass-deb-test), SDBOX_HOME (/var/tmp/sdbox-deb: a
# rootfs of its own, because it has man-db, so the shared one is never rebuilt),
# NEWSCLASS_BIN=FILE (package that binary instead of building one), PIUPARTS=0 skips
# piuparts, KEEP=1 leaves the container running for a look.
set -uo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SDBOX=${SDBOX:-$REPO/../shared/tools/sdbox/sdbox}
FIXTURES=$REPO/Tests/systemd/fixtures
export SDBOX_NAME=${SDBOX_NAME:-newsclass-deb-test}
export SDBOX_HOME=${SDBOX_HOME:-/var/tmp/sdbox-deb}
MAKE=${MAKE:-make}
SPOOL=/var/spool/newsclass
LOGDIR=/var/log/newsclass
LOG=$LOGDIR/events.jsonl
CONF=/etc/newsclass/newsclass.toml
UNIT=newsclass.service

skip() { printf 'SKIP  %s\n' "$*"; exit 0; }

# ------------------------------------------------------------ prerequisites --
. "$REPO/Tests/systemd/sdbox-prerequisites.sh"
sdbox_prerequisites deb-test

# ------------------------------------------------------------------ helpers --
. "$REPO/Tests/systemd/checks.sh"
sx() { "$SDBOX" exec "$@"; }
prop() { sx systemctl show -p "$1" --value "$UNIT"; }
wait_for() { # wait_for SECONDS COMMAND...
	local deadline=$(($(date +%s) + $1)); shift
	until "$@"; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.2
	done
}
# records for a file name in the event log (one JSON object per line)
nrecs() { sx cat "$LOG" 2>/dev/null | grep -c "\"file\":\"$1\""; }
event_of() { sx cat "$LOG" 2>/dev/null | grep "\"file\":\"$1\"" | head -n1 | grep -o '"event":"[a-z]*"' | cut -d'"' -f4; }
topics_of() { sx cat "$LOG" 2>/dev/null | grep "\"file\":\"$1\"" | head -n1 | grep -o '"topics":\[[^]]*\]'; }
# drop HOSTFILE NAME: the safe drop (.NAME, then rename), as root, world-readable
drop() {
	sx sh -c 'umask 022; cd "$1" && cat >".$2" && mv ".$2" "$2"' sh "$SPOOL/incoming" "$2" <"$1"
}
apt_in() { # apt_in ARGS...: apt-get in the container, output indented on failure
	local out rc
	out=$(sx env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" </dev/null 2>&1); rc=$?
	[ $rc = 0 ] || printf '%s\n' "$out" | tail -n 15 | indent
	printf '%s\n' "$out" | grep -E '^newsclass: ' | indent
	return $rc
}

WORK=$(mktemp -d /var/tmp/newsclass-deb-test.XXXXXX)
chmod 0755 "$WORK"
KEEP=${KEEP:-}
cleanup() {
	if [ -z "$KEEP" ]; then
		"$SDBOX" status >/dev/null 2>&1 && "$SDBOX" down >/dev/null 2>&1
	else
		echo "KEEP=1: container '$SDBOX_NAME' left running; stop it with: SDBOX_NAME=$SDBOX_NAME SDBOX_HOME=$SDBOX_HOME $SDBOX down"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== newsclass Debian package test (container: $SDBOX_NAME) on $(uname -sr), $(nproc) CPUs"

# ----------------------------------------------------------- the packages --
BIN=${NEWSCLASS_BIN:-$REPO/.build-install/release/newsclass}
export NEWSCLASS_CHECKOUTS=${NEWSCLASS_CHECKOUTS:-$REPO/.build-install/checkouts}
t=$(date +%s)
if "$MAKE" -C "$REPO" --no-print-directory deb DEB_OUT="$WORK/v1" NEWSCLASS_BIN="${NEWSCLASS_BIN:-}" >"$WORK/v1.log" 2>&1; then
	pass "make deb ($(($(date +%s) - t))s): $(grep -E '^built' "$WORK/v1.log" | sed 's/ (log:.*//; s/^built //')"
else
	fail "make deb" "see below"; tail -n 30 "$WORK/v1.log" | indent; exit 1
fi
grep -E '^(binary|Depends):' "$WORK/v1.log" | indent
ok "lintian: no errors or warnings" grep -qx 'lintian: no errors or warnings' "$WORK/v1.log"
DEB1=$(ls "$WORK"/v1/newsclass_*_*.deb)
V1=$(dpkg-deb -f "$DEB1" Version)
# The same sources one Debian revision higher, built into a temp dir with the same binary.
V2=${V1%-*}-$((${V1##*-} + 1))
mkdir -p "$WORK/src2"
(cd "$REPO" && cp -r --parents Makefile README.md debian systemd config man "$WORK/src2/")
rm -rf "$WORK/src2/debian/newsclass" "$WORK/src2/debian/.debhelper"
{
	printf 'newsclass (%s) bookworm; urgency=medium\n\n  * Rebuild for the upgrade test.\n\n' "$V2"
	printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -l "$REPO/debian/changelog" -S Maintainer)" "$(date -R)"
	cat "$REPO/debian/changelog"
} >"$WORK/src2/debian/changelog"
t=$(date +%s)
if "$MAKE" -C "$WORK/src2" --no-print-directory deb DEB_OUT="$WORK/v2" NEWSCLASS_BIN="$(readlink -f "$BIN")" >"$WORK/v2.log" 2>&1; then
	pass "rebuilt as $V2 in a temp dir ($(($(date +%s) - t))s)"
else
	fail "rebuild as $V2" "see below"; tail -n 30 "$WORK/v2.log" | indent; exit 1
fi
DEB2=$(ls "$WORK"/v2/newsclass_*_*.deb)
stripped=$(dpkg-deb --fsys-tarfile "$DEB1" | tar -xO ./usr/bin/newsclass >"$WORK/bin" && file -b "$WORK/bin" 2>/dev/null || true)
syms=$(nm "$WORK/bin" 2>&1 | head -n1)
ok "packaged binary is stripped ($(stat -c %s "$WORK/bin") bytes; unstripped $(stat -c %s "$BIN"))" \
	eval '[[ $syms == *"no symbols"* ]]'
info "${stripped:-}"

# ------------------------------------------------------------ container up --
t=$(date +%s)
if out=$("$SDBOX" build --include man-db 2>&1); then pass "sdbox build --include man-db ($(($(date +%s) - t))s, rootfs in $SDBOX_HOME)"
else fail "sdbox build --include man-db"; printf '%s\n' "$out" | tail -n 20 | indent; exit 1; fi
"$SDBOX" status >/dev/null 2>&1 && "$SDBOX" down >/dev/null 2>&1
if out=$("$SDBOX" up 2>&1); then pass "sdbox up: a clean Debian 12, $(sx systemctl --version | head -n1)"
else fail "sdbox up"; printf '%s\n' "$out" | tail -n 10 | indent; exit 1; fi
# sdbox keeps its rootfs small with dpkg path excludes for docs and man pages; a Debian
# system as admins have it has none.
sx rm -f /etc/dpkg/dpkg.cfg.d/01-sdbox-nodoc
info "removed sdbox's dpkg path excludes (docs, man pages) from the container"
sx mkdir -p /var/tmp/debs && "$SDBOX" cp "$DEB1" /var/tmp/debs/ >/dev/null && "$SDBOX" cp "$DEB2" /var/tmp/debs/ >/dev/null
"$SDBOX" cp "$FIXTURES" /var/tmp/fixtures >/dev/null

# ----------------------------------------------------------------- install --
ok "apt install ./$(basename "$DEB1")" apt_in install "/var/tmp/debs/$(basename "$DEB1")"
ok "dpkg: newsclass $V1 installed ($(sx dpkg-query -W -f '${Status} ${Version}' newsclass 2>&1))" \
	test "$(sx dpkg-query -W -f '${Status} ${Version}' newsclass 2>/dev/null)" = "install ok installed $V1"
pw=$(sx getent passwd newsclass)
ok "user newsclass ($pw), group newsclass ($(sx getent group newsclass))" \
	eval '[[ $pw == newsclass:x:*:*:*:/var/spool/newsclass:/usr/sbin/nologin ]] && sx getent group newsclass >/dev/null'
modes_ok=1
for spec in "$SPOOL 710 newsclass" "$SPOOL/incoming 1730 newsclass" "$SPOOL/processing 700 newsclass" \
	"$SPOOL/done 700 newsclass" "$SPOOL/failed 700 newsclass" "$LOGDIR 750 newsclass" "$CONF 644 root"; do
	set -- $spec
	got=$(sx stat -c '%a %U %G' "$1" 2>&1)
	if [ "$got" = "$2 $3 $3" ]; then info "$1: $got"; else info "$1: $got (want $2 $3 $3)"; modes_ok=0; fi
done
ok "folders and modes as the README's table says" test $modes_ok = 1
ok "$CONF is a conffile" eval 'sx dpkg-query -W -f "\${Conffiles}" newsclass | grep -q " $CONF "'
n=$(sx journalctl --list-catalog 2>/dev/null | grep -c ' newsclass: ')
ok "journalctl --list-catalog | grep newsclass: $n message ids (systemd's dpkg trigger ran)" test "$n" = 8
ok "unit $(prop FragmentPath): $(sx systemctl is-enabled $UNIT 2>&1), $(sx systemctl is-active $UNIT 2>&1)" \
	eval '[ "$(sx systemctl is-enabled $UNIT)/$(sx systemctl is-active $UNIT)" = enabled/active ]'
ok "main process runs as newsclass: $(sx ps -o user=,cmd= -p "$(prop MainPID)" 2>&1)" \
	test "$(sx ps -o user= -p "$(prop MainPID)" 2>/dev/null | tr -d ' ')" = newsclass
drop "$FIXTURES/provincial-mining-crackdown.txt" first.txt
ok "a drop gets a record in $LOG: $(wait_for 30 eval '[ "$(nrecs first.txt)" = 1 ]'; event_of first.txt) $(topics_of first.txt)" \
	eval '[ "$(nrecs first.txt)" = 1 ] && [ "$(event_of first.txt)" = classified ]'
sleep 3
pid=$(prop MainPID)
tables=$(sx sh -c 'ls /var/cache/newsclass/matcher-*.tables' 2>/dev/null | head -n1)
ok "the matcher's tables are a file in /var/cache/newsclass ($(sx stat -c '%s bytes, %a %U' "$tables" 2>&1)), mapped by the daemon" \
	eval '[ -n "$tables" ] && [ "$(sx stat -c %U "$tables")" = newsclass ] && sx grep -q "$tables" /proc/"$pid"/maps'
tables_inode=$(sx stat -c %i "$tables" 2>/dev/null)
rss=$(sx ps -o rss= -p "$pid" | tr -d ' ')
info "idle resident size of the packaged daemon: ${rss} KiB ($(sx grep -E '^(VmHWM|Threads)' /proc/"$pid"/status | tr -s '\t ' ' ' | tr '\n' ' '))"
out=$(sx env MANPAGER=cat MANWIDTH=80 man newsclass 2>&1)
ok "man newsclass: $(printf '%s\n' "$out" | sed -n 's/^ *newsclass — //p' | head -n1)" \
	eval 'printf "%s" "$out" | grep -q "^SERVICE" && printf "%s" "$out" | grep -q "check-config"'
out=$(sx env MANPAGER=cat MANWIDTH=80 man 5 newsclass.toml 2>&1)
ok "man 5 newsclass.toml: $(printf '%s\n' "$out" | sed -n '/^NAME/{n;p}' | sed 's/^ *//')" \
	eval 'printf "%s" "$out" | grep -q "Sense gates"'
out=$(sx systemd-analyze verify "$(prop FragmentPath)" 2>&1); rc=$?
ok "systemd-analyze verify (Documentation= man pages found): ${out:-clean}" eval '[ $rc = 0 ] && [ -z "$out" ]'
ok "completions: bash, zsh, fish where Debian looks" sx test -s /usr/share/bash-completion/completions/newsclass -a \
	-s /usr/share/zsh/vendor-completions/_newsclass -a -s /usr/share/fish/vendor_completions.d/newsclass.fish

# ----------------------------------------------------------------- upgrade --
sx sed -i 's/^reconcile_seconds = 60.0$/reconcile_seconds = 45.0  # edited by the admin/' "$CONF"
ok "config edited (reconcile_seconds = 45.0)" sx grep -q 'edited by the admin' "$CONF"
pid0=$(prop MainPID); since0=$(prop ExecMainStartTimestampMonotonic)
ok "apt install ./$(basename "$DEB2") (upgrade $V1 -> $V2)" apt_in install "/var/tmp/debs/$(basename "$DEB2")"
ok "dpkg: newsclass $V2 installed" test "$(sx dpkg-query -W -f '${Version}' newsclass 2>/dev/null)" = "$V2"
ok "the edit is kept (no .dpkg-dist beside it)" eval 'sx grep -q "edited by the admin" "$CONF" && ! sx test -e "$CONF.dpkg-dist"'
ok "the service was restarted: MainPID $pid0 -> $(prop MainPID), $(sx systemctl is-active $UNIT)" \
	eval '[ "$(prop MainPID)" != "$pid0" ] && [ "$(prop ExecMainStartTimestampMonotonic)" != "$since0" ] && [ "$(sx systemctl is-active $UNIT)" = active ]'
ok "… and still enabled" test "$(sx systemctl is-enabled $UNIT 2>&1)" = enabled
ok "… and took the tables the first one compiled (same lexicon: same file, inode $tables_inode)" \
	eval '[ "$(sx stat -c %i "$tables" 2>/dev/null)" = "$tables_inode" ] && sx grep -q "$tables" /proc/"$(prop MainPID)"/maps'
drop "$FIXTURES/county-official-bribery.txt" after-upgrade.txt
ok "… and still classifies: after-upgrade.txt $(wait_for 30 eval '[ "$(nrecs after-upgrade.txt)" = 1 ]'; event_of after-upgrade.txt) $(topics_of after-upgrade.txt)" \
	eval '[ "$(event_of after-upgrade.txt)" = classified ]'

# ------------------------------------------------------------------ remove --
ok "apt remove newsclass" apt_in remove newsclass
ok "the service is stopped ($(sx systemctl is-active $UNIT 2>&1)) and its unit gone" \
	eval '[ "$(sx systemctl is-active $UNIT)" != active ] && ! sx test -e /lib/systemd/system/$UNIT'
ok "dpkg: config-files state ($(sx dpkg-query -W -f '${Status}' newsclass 2>&1))" \
	test "$(sx dpkg-query -W -f '${Status}' newsclass 2>/dev/null)" = "deinstall ok config-files"
ok "the config is kept, with the edit" sx grep -q 'edited by the admin' "$CONF"
ok "spool and event log are kept" sx test -d "$SPOOL/incoming" -a -s "$LOG"
# an article dropped while no daemon runs: it waits in incoming/
drop "$FIXTURES/county-official-bribery.txt" waiting.txt
before=$(sx find "$SPOOL" -type f | sort)
info "files in the spool before purge: $(printf '%s\n' "$before" | sed "s|$SPOOL/||" | tr '\n' ' ')"

# ------------------------------------------------------------------- purge --
ok "apt purge newsclass" apt_in purge newsclass
ok "dpkg: not installed" eval '! sx dpkg-query -W -f "\${Status}" newsclass 2>/dev/null | grep -q .'
ok "/etc/newsclass is gone" eval '! sx test -e /etc/newsclass'
ok "/var/log/newsclass is gone" eval '! sx test -e "$LOGDIR"'
ok "/var/cache/newsclass is gone" eval '! sx test -e /var/cache/newsclass'
after=$(sx find "$SPOOL" -type f 2>/dev/null | sort)
ok "the spool keeps exactly its articles ($(printf '%s\n' "$after" | grep -c .) files)" test "$after" = "$before"
empty=$(sx find "$SPOOL" -type d -empty 2>/dev/null)
ok "no empty folders left in the spool (left: $(sx find "$SPOOL" -type d 2>/dev/null | sed "s|$SPOOL|spool|" | tr '\n' ' '))" test -z "$empty"
ok "user and group newsclass are kept" eval 'sx getent passwd newsclass >/dev/null && sx getent group newsclass >/dev/null'
ok "catalog entries are gone ($(sx journalctl --list-catalog 2>/dev/null | grep -c ' newsclass: ') left)" \
	test "$(sx journalctl --list-catalog 2>/dev/null | grep -c ' newsclass: ')" = 0
ok "no unit, no enablement link, no systemd state left" \
	eval '! sx systemctl cat $UNIT >/dev/null 2>&1 && [ -z "$(sx find /etc/systemd /var/lib/systemd/deb-systemd-helper-enabled -name "newsclass*" 2>/dev/null)" ]'
left=$(sx sh -c 'find / -xdev \( -path /proc -o -path /sys -o -path /var/tmp -o -path /var/spool/newsclass \) -prune -o -name "*newsclass*" -print' 2>/dev/null |
	grep -v -E '^/var/lib/dpkg/|^/var/log/(apt|dpkg)' )
ok "nothing else named newsclass left on the system${left:+ (left: $(printf '%s' "$left" | tr '\n' ' '))}" test -z "$left"
"$SDBOX" down >/dev/null 2>&1

# ---------------------------------------------------------------- piuparts --
# piuparts installs, removes and purges the package in a fresh debootstrap chroot and
# reports files left behind. It needs the Debian mirror (read from this host's apt
# sources, never written down) and about a minute; a chroot has no systemd running, so
# the service is not started there.
piuparts_run() {
	local mirror
	if [ "${PIUPARTS:-1}" = 0 ]; then info "SKIP  piuparts: PIUPARTS=0"; return 0; fi
	if ! command -v piuparts >/dev/null 2>&1; then
		if [ -n "${CI:-}" ]; then
			apt-get install -y -qq --no-install-recommends piuparts >/dev/null 2>&1 ||
				{ printf 'SKIP  piuparts: cannot be installed here\n'; return 0; }
		else
			printf 'SKIP  piuparts: not installed (apt-get install --no-install-recommends piuparts; CI=1 does it)\n'; return 0
		fi
	fi
	mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\?\(http[^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1)
	[ -n "$mirror" ] || mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null)
	[ -n "$mirror" ] || { printf 'SKIP  piuparts: no Debian mirror in this host'"'"'s apt sources\n'; return 0; }
	t=$(date +%s)
	if piuparts --distribution=bookworm --mirror="$mirror main" --no-upgrade-test --keep-sources-list \
		--tmpdir=/var/tmp --warn-on-leftovers-after-purge "$DEB1" >"$WORK/piuparts.log" 2>&1; then
		pass "piuparts: install, remove, purge in a fresh chroot ($(($(date +%s) - t))s)"
		# (folders systemd itself makes when it is pulled into the minimal chroot as our
		# dependency show up here: they stay with systemd, which the purge keeps)
		sed -n '/left files on system/,/^$/p' "$WORK/piuparts.log" | sed "s|$mirror|<mirror>|g" | head -n 12 | indent
	else
		fail "piuparts" "see below"
		grep -E 'FAIL|ERROR|WARN' "$WORK/piuparts.log" | sed "s|$mirror|<mirror>|g" | tail -n 20 | indent
	fi
}
piuparts_run

echo
echo "== $npass passed, $nfail failed"
if [ $nfail != 0 ]; then
	printf 'failed:\n'; printf '  %s\n' "${FAILED[@]}"
fi
[ $nfail = 0 ]
