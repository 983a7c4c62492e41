"""`python -m sim` is the `twohats` command."""

import sys

from sim.cli import main

sys.exit(main())
