# Sourced by Tests/systemd/run.sh and Tests/deb/run.sh: what a test under sdbox needs on
# the host. Root, the sdbox script ($SDBOX), a host whose PID 1 is not systemd, and
# debootstrap and systemd-nspawn (installed under CI=1, else the test skips). `skip`
# must be defined by the caller; $1 is the make target, for the message.
sdbox_prerequisites() {
	[ "$(id -u)" = 0 ] || skip "not root: sdbox boots a container with systemd-nspawn (run: sudo make $1)"
	[ -x "$SDBOX" ] || { [ -n "${CI:-}" ] && { echo "FAIL  sdbox not found at $SDBOX"; exit 1; }; skip "sdbox not found at $SDBOX"; }
	[ -d /run/systemd/system ] && skip "this host runs systemd as PID 1; sdbox only supports hosts without it (use systemd-nspawn/machinectl there)"
	if ! command -v debootstrap >/dev/null 2>&1 || ! command -v systemd-nspawn >/dev/null 2>&1; then
		if [ -n "${CI:-}" ]; then
			echo "installing debootstrap and systemd-container (CI)"
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				debootstrap systemd-container >/dev/null || { echo "FAIL  cannot install debootstrap/systemd-container"; exit 1; }
		else
			skip "debootstrap or systemd-nspawn missing; install with: apt-get install -y --no-install-recommends debootstrap systemd-container (CI=1 does it)"
		fi
	fi
	return 0
}
