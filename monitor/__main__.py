"""`python -m monitor` is the same as `council-monitor`."""

import sys

from monitor.cli import main

sys.exit(main())
