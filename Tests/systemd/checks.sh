# Sourced by the container tests (Tests/systemd/run.sh, Tests/deb/run.sh,
# Tests/fleet/run.sh): one PASS/FAIL line per check, counted, and the few helpers the
# checks share. The caller prints the tally ("== N passed, M failed") and exits by it.
npass=0 nfail=0
FAILED=()
pass() { printf 'PASS  %s\n' "$1"; npass=$((npass + 1)); }
fail() { printf 'FAIL  %s%s\n' "$1" "${2:+   [$2]}"; nfail=$((nfail + 1)); FAILED+=("$1"); }
ok() { # ok NAME CONDITION-COMMAND... (the condition may use any variable name but _okname)
	local _okname=$1; shift
	if "$@"; then pass "$_okname"; else fail "$_okname"; fi
}
info() { printf '      %s\n' "$*"; }
indent() { sed 's/^/        /'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
