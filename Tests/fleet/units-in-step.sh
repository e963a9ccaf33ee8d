#!/usr/bin/env bash
# Tests/fleet/units-in-step.sh - newsclass@.service keeps the hardening, notify, watchdog
# and limits of newsclass.service (`make unit-check`). Compares the two units' settings
# (comments and blank lines left out) and allows differences only in the per-instance
# keys below; prints the lines that differ otherwise and exits 1. Needs no root.
set -euo pipefail
cd "$(dirname "$0")/../.."
PLAIN=systemd/newsclass.service
TEMPLATE=systemd/newsclass@.service
# the settings that name the instance's paths, its name or its description
PER_INSTANCE='^(Description|RequiresMountsFor|ExecStart|ExecStartPre|StandardInputText|Environment|LogsDirectory|ReadWritePaths)='

settings() { # the [Section] headers and settings of a unit, in order, minus per-instance keys
	grep -vE '^[[:space:]]*(#|$)' "$1" | grep -vE "$PER_INSTANCE"
}
if out=$(diff <(settings "$PLAIN") <(settings "$TEMPLATE")); then
	echo "$TEMPLATE is in step with $PLAIN ($(settings "$PLAIN" | grep -c =) shared settings)"
else
	printf '%s\n' "$out"
	echo "$TEMPLATE and $PLAIN differ outside the per-instance settings (above): keep them in step" >&2
	exit 1
fi
# the plain unit's own ExecStartPre= (the parent folders) must be in the template too
grep -Fxq "$(grep '^ExecStartPre=' "$PLAIN")" "$TEMPLATE" ||
	{ echo "$TEMPLATE lacks $PLAIN's $(grep '^ExecStartPre=' "$PLAIN")" >&2; exit 1; }
