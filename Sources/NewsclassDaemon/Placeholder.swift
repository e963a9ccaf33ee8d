// The daemon: see the files of this module.
