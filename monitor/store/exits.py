"""Exit statuses of the triage commands (sysexits.h where one fits); no imports, so --help stays fast."""

from __future__ import annotations

EX_OK = 0
EX_FINDING = 1  # no such finding, or it cannot take that change
EX_NOINPUT = 66  # no database where the config says
EX_UNAVAILABLE = 69  # the database cannot be used (server down, schema from a newer version)
EX_CANTCREAT = 73  # the export file exists or cannot be written
EX_TEMPFAIL = 75  # the database stayed locked: try again
EX_CONFIG = 78  # the configuration file is wrong (monitor.config.EX_CONFIG)

EXIT_CODES_HELP = ("exit status: 0 done, 1 no such finding or not allowed in its state, 2 a bad option, "
                   "66 no database found, "
                   "69 database unavailable, 73 cannot write the output file, 75 database busy (try again), "
                   "78 configuration error")
