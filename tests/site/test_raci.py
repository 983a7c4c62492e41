"""The RACI matrix data obeys the RACI rules, and the validator refuses data that does not."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sim.site import raci
from sim.site.paths import SNIPPETS

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load((ROOT / raci.DATA_FILE).read_text(encoding="utf-8"))


def test_real_matrix_has_one_accountable_and_a_responsible_per_task() -> None:
    matrix = raci.load(ROOT / raci.DATA_FILE)
    for task in matrix.tasks:
        assert len(task.roles_with("A")) == 1, task.id
        assert task.roles_with("R"), task.id


def test_real_matrix_uses_known_roles_only() -> None:
    known = {role["id"] for role in RAW["roles"]}
    for task in RAW["tasks"]:
        assert set(task["raci"]) <= known, task["id"]


def test_real_matrix_covers_enough_front_office_tasks() -> None:
    matrix = raci.load(ROOT / raci.DATA_FILE)
    assert len(matrix.tasks) >= 25
    names = " ".join(t.name.lower() for t in matrix.tasks)
    for topic in (
        "eligibility",
        "predetermination",
        "claims",
        "appeal",
        "payroll",
        "hire",
        "vendor",
        "kpi",
        "two plans",
        "patient balances",
        "post insurance",
    ):
        assert topic in names, topic


def test_every_role_page_excerpt_is_rendered() -> None:
    matrix = raci.load(ROOT / raci.DATA_FILE)
    files = raci.render_all(matrix)
    assert "raci-office-manager.md" in files
    assert "raci-insurance-coordinator.md" in files
    assert files["raci-matrix.md"].count("\n| ") == len(matrix.tasks) + 1


def _broken(mutate: str) -> dict:
    """A copy of the real data with one rule broken."""
    data = copy.deepcopy(RAW)
    first = data["tasks"][0]["raci"]
    if mutate == "two_accountable":
        first.update({"office-manager": "A", "dentist-owner": "A"})
    elif mutate == "no_accountable":
        data["tasks"][0]["raci"] = {k: "R" for k in first}
    elif mutate == "no_responsible":
        data["tasks"][0]["raci"] = {"office-manager": "A", "front-desk": "C"}
    elif mutate == "unknown_role":
        first["receptionist"] = "I"
    elif mutate == "bad_letter":
        first["front-desk"] = "X"
    elif mutate == "too_few":
        data["tasks"] = data["tasks"][:10]
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        ("two_accountable", "exactly one A"),
        ("no_accountable", "exactly one A"),
        ("no_responsible", "at least one R"),
        ("unknown_role", "unknown role"),
        ("bad_letter", "invalid letters"),
        ("too_few", "at least 25 tasks"),
    ],
)
def test_validator_rejects_a_bad_table(mutate: str, message: str) -> None:
    with pytest.raises(raci.RaciError, match=message):
        raci.validate(_broken(mutate))


def test_generator_refuses_to_write_from_bad_data(tmp_path: Path) -> None:
    data_file = tmp_path / raci.DATA_FILE
    data_file.parent.mkdir(parents=True)
    data_file.write_text(yaml.safe_dump(_broken("no_accountable")), encoding="utf-8")
    with pytest.raises(raci.RaciError):
        raci.generate(tmp_path)
    assert not (tmp_path / SNIPPETS).exists()
