"""The KPI page's list of how the simulator computes each KPI, read from the KPI registry.

One definition per registered KPI: its plain label, key, unit, which way is better, the
formula in words and its numerator and denominator. A KPI added to `sim/model/kpis.yaml`
appears here without touching this file.
"""

from __future__ import annotations

from pathlib import Path

from sim.model.registry import Kpi, registry
from sim.site.output import write_all
from sim.site.paths import SNIPPETS

FRAGMENT = "kpi-formulas.md"
BETTER = {True: "lower is better", False: "higher is better", None: "neither way is better"}


def definition(kpi: Kpi) -> str:
    """One KPI as a Markdown definition: label and key, then formula, numerator, denominator.

    A count or a sum has no denominator; its one quantity is shown as what it is computed as.
    """
    formula = kpi.formula
    if formula.denominator is None:
        parts = f"Computed as: {formula.numerator}."
    else:
        parts = f"Numerator: {formula.numerator}. Denominator: {formula.denominator}."
    return (
        f"{kpi.label} (`{kpi.key}`; {kpi.unit}; {BETTER[kpi.higher_is_worse]})\n"
        f":   {formula.words}\n"
        f"    {parts}\n"
    )


def render() -> str:
    """Every registered KPI, in registry order."""
    return "\n".join(definition(kpi) for kpi in registry().kpis.values())


def generate(root: Path) -> list[Path]:
    """Write the formula list if it changed."""
    return write_all(root / SNIPPETS, {FRAGMENT: render()})
