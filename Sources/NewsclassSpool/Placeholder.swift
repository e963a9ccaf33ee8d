// The spool: see the files of this module.
