"""What the client reads for an option and for the site's data: display names, read as
package data so an installed twohats has them too."""

from __future__ import annotations

import functools
from importlib import resources

from sim.scenario.loading import parse_yaml  # refuses a key given twice
from sim.scenario.schema import Scenario

DATA = "data"
"""Package data (sim/outputs/data): the site's assumptions, their sources and the bundled
options' plain names, the same files as docs/_data (linked there in a source checkout, copied
into a wheel), so an installed twohats reports them too."""


@functools.cache
def site_data(name: str) -> dict:
    """The site's data file NAME.yaml, read as package data (sim/outputs/data)."""
    found = resources.files("sim.outputs").joinpath(DATA, f"{name}.yaml")
    return parse_yaml(found.read_text(encoding="utf-8")) or {}


def display_name(scenario: Scenario) -> str:
    """An option as the client reads it: its `label`, else a bundled option's plain name, else
    its name."""
    return scenario.label or site_data("options").get(scenario.named) or scenario.named
