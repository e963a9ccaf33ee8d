// The parts of libsystemd that NewsclassSystemd wraps: readiness notification and the
// watchdog (sd-daemon), and native journal entries, written and read back (sd-journal).
#ifndef NEWSCLASS_CSYSTEMD_SHIM_H
#define NEWSCLASS_CSYSTEMD_SHIM_H

#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
