"""The claim-lifecycle diagram on the site matches the simulator's TRANSITIONS exactly."""

from __future__ import annotations

import re
from pathlib import Path

from sim.model.claim import TRANSITIONS, ClaimState

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs/workflows/claim-lifecycle.md"
EDGE = re.compile(r"^\s*(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*(?::.*)?$")


def diagram_source() -> str:
    """The body of the first Mermaid stateDiagram-v2 block on the page."""
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(stateDiagram-v2\n.*?)```", text, re.DOTALL)
    assert match, "no Mermaid stateDiagram-v2 block on the claim-lifecycle page"
    return match.group(1)


def diagram_edges() -> set[tuple[str, str]]:
    """Edges between named states; start and end markers are left out."""
    edges = set()
    for line in diagram_source().splitlines():
        match = EDGE.match(line)
        if match and "[*]" not in match.groups():
            edges.add((match.group(1), match.group(2)))
    return edges


def model_edges() -> set[tuple[str, str]]:
    return {(src.value, dst.value) for src, dsts in TRANSITIONS.items() for dst in dsts}


def test_no_transition_is_missing_from_the_diagram() -> None:
    assert model_edges() - diagram_edges() == set()


def test_diagram_has_no_transition_the_model_lacks() -> None:
    assert diagram_edges() - model_edges() == set()


def test_diagram_uses_only_claim_state_names() -> None:
    names = {s.value for s in ClaimState}
    used = {name for edge in diagram_edges() for name in edge}
    assert used <= names
    assert used == names


def test_start_and_end_markers_match_the_model() -> None:
    source = diagram_source()
    assert re.search(r"\[\*\]\s*-->\s*unsubmitted", source)
    finals = {s.value for s, dsts in TRANSITIONS.items() if not dsts}
    for state in finals:
        assert re.search(rf"{state}\s*-->\s*\[\*\]", source), state


def test_table_equivalent_lists_the_same_moves() -> None:
    text = PAGE.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (\w+) \| (\w+) \|", text, re.MULTILINE))
    rows.discard(("From", "To"))
    assert rows == model_edges()
