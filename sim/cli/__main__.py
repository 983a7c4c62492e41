"""`python -m sim.cli`: the `twohats` command without the loading guard of `python -m sim`."""

import sys

from sim.cli.dispatch import main

sys.exit(main())
