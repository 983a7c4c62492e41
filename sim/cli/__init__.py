"""The `twohats` command: validate scenarios, run them, compare them, print the schema.

One module per command (its options and what it does), `arguments` for the option types and
the options most commands share, `common` for what every command prints and checks, and
`dispatch` for `main`, which turns each known error into its exit status.
"""

from __future__ import annotations

from sim.cli.dispatch import main

__all__ = ["main"]
