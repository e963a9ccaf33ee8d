// The event log: see the files of this module.
