"""`python -m sim.bench` (what `make bench` runs)."""

from sim.bench.run import main

raise SystemExit(main())
