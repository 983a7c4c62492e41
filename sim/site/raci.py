"""The RACI matrix: load the single YAML source, enforce the RACI rules, render Markdown.

Every page that shows who owns a task includes a fragment rendered here, so the matrix
page and the role pages cannot drift apart. The generator refuses a table in which a
task lacks exactly one Accountable role or at least one Responsible role.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.site import data as data_file
from sim.site.output import write_all
from sim.site.paths import DATA, SNIPPETS

DATA_FILE = DATA / "raci.yaml"
MIN_TASKS = 25
LETTERS = frozenset("RACI")
LETTER_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}


class RaciError(ValueError):
    """The RACI data breaks a rule; the message lists every problem found."""


@dataclass(frozen=True, slots=True)
class Role:
    """A role (not a person) that can hold a letter in the matrix."""

    id: str
    name: str
    short: str


@dataclass(frozen=True, slots=True)
class Task:
    """One front-office task and the letters each role holds for it."""

    id: str
    area: str
    name: str
    cells: dict[str, str]

    def roles_with(self, letter: str) -> list[str]:
        """Role ids whose cell contains `letter`, in the order the cells were written."""
        return [role for role, value in self.cells.items() if letter in value]


@dataclass(frozen=True, slots=True)
class Raci:
    """The validated matrix: roles in column order and tasks in row order."""

    roles: list[Role]
    tasks: list[Task]

    def role(self, role_id: str) -> Role:
        """Look a role up by id."""
        return next(r for r in self.roles if r.id == role_id)


def _parse_roles(raw: Any, problems: list[str]) -> list[Role]:
    """Read the role list, recording missing fields and duplicate ids."""
    roles: list[Role] = []
    if not isinstance(raw, list) or not raw:
        problems.append("'roles' must be a non-empty list")
        return roles
    for item in raw:
        try:
            role = Role(id=str(item["id"]), name=str(item["name"]), short=str(item["short"]))
        except (KeyError, TypeError):
            problems.append(f"role entry {item!r} needs id, name and short")
            continue
        if any(r.id == role.id for r in roles):
            problems.append(f"role id {role.id!r} is defined twice")
        roles.append(role)
    return roles


def _normalise_cell(value: Any) -> str:
    """Turn a cell such as 'a', 'A/R' or 'A, R' into its sorted letters, e.g. 'AR'."""
    letters = "".join(ch for ch in str(value).upper() if ch.isalpha())
    return "".join(sorted(set(letters), key="ARCI".find)) if letters else ""


def _check_task(task: Task, known: set[str], problems: list[str]) -> None:
    """Apply the RACI rules to one task."""
    where = f"task {task.id!r}"
    for role_id, value in task.cells.items():
        if role_id not in known:
            problems.append(f"{where}: unknown role {role_id!r}")
        if not value or not set(value) <= LETTERS:
            problems.append(f"{where}: role {role_id!r} has invalid letters {value!r}")
        if "C" in value and ("R" in value or "A" in value) or ("C" in value and "I" in value):
            problems.append(f"{where}: role {role_id!r} mixes {value!r}; C and I stand alone")
    accountable = task.roles_with("A")
    if len(accountable) != 1:
        problems.append(f"{where}: needs exactly one A, found {len(accountable)}")
    if not task.roles_with("R"):
        problems.append(f"{where}: needs at least one R")


def _parse_tasks(raw: Any, roles: list[Role], problems: list[str]) -> list[Task]:
    """Read and check the task list against the roles."""
    tasks: list[Task] = []
    if not isinstance(raw, list):
        problems.append("'tasks' must be a list")
        return tasks
    known = {r.id for r in roles}
    for item in raw:
        try:
            cells = {str(k): _normalise_cell(v) for k, v in dict(item["raci"]).items()}
            task = Task(
                id=str(item["id"]), area=str(item["area"]), name=str(item["task"]), cells=cells
            )
        except (KeyError, TypeError, ValueError):
            problems.append(f"task entry {item!r} needs id, area, task and raci")
            continue
        if any(t.id == task.id for t in tasks):
            problems.append(f"task id {task.id!r} is used twice")
        _check_task(task, known, problems)
        tasks.append(task)
    if len(tasks) < MIN_TASKS:
        problems.append(f"the matrix needs at least {MIN_TASKS} tasks, found {len(tasks)}")
    return tasks


def validate(data: Any) -> Raci:
    """Check parsed YAML against the RACI rules; raise RaciError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise RaciError("the RACI file must be a mapping with 'roles' and 'tasks'")
    roles = _parse_roles(data.get("roles"), problems)
    tasks = _parse_tasks(data.get("tasks"), roles, problems)
    if problems:
        raise RaciError("RACI data is invalid:\n  - " + "\n  - ".join(problems))
    return Raci(roles=roles, tasks=tasks)


def load(path: Path) -> Raci:
    """Read and validate the RACI YAML file."""
    return validate(data_file.read(Path(path)))


def _cell_text(value: str) -> str:
    """Show 'AR' as 'A, R' so a combined cell cannot be mistaken for a word."""
    return ", ".join(value)


def _escape(text: str) -> str:
    """Keep pipes in task names from splitting a Markdown table cell."""
    return text.replace("|", "\\|")


def render_matrix(raci: Raci) -> str:
    """The full matrix as one Markdown table, one row per task, one column per role."""
    header = "| Area | Task | " + " | ".join(r.short for r in raci.roles) + " |"
    rule = "| --- | --- | " + " | ".join(":-:" for _ in raci.roles) + " |"
    rows = [
        f"| {_escape(t.area)} | {_escape(t.name)} | "
        + " | ".join(_cell_text(t.cells.get(r.id, "")) for r in raci.roles)
        + " |"
        for t in raci.tasks
    ]
    legend = ", ".join(f"{r.short} = {r.name.lower()}" for r in raci.roles)
    return "\n".join([header, rule, *rows, "", f"Columns: {legend}.", ""])


def _names(raci: Raci, role_ids: list[str], exclude: str) -> str:
    """Comma-separated role names, leaving out the role whose excerpt this is."""
    names = [raci.role(r).name for r in role_ids if r != exclude]
    return ", ".join(names) if names else "none"


def render_excerpt(raci: Raci, role_id: str) -> str:
    """The rows where `role_id` is Accountable or Responsible, with the other owners named."""
    role = raci.role(role_id)
    own = [t for t in raci.tasks if {"A", "R"} & set(t.cells.get(role_id, ""))]
    n_a = sum("A" in t.cells.get(role_id, "") for t in raci.tasks)
    n_r = sum("R" in t.cells.get(role_id, "") for t in raci.tasks)
    lines = [
        f"Of the {len(raci.tasks)} tasks in the matrix, the {role.name.lower()} role "
        f"is accountable for {n_a} and responsible for doing {n_r}.",
        "",
        "| Task | This role | Accountable | Also responsible |",
        "| --- | :-: | --- | --- |",
    ]
    for t in own:
        accountable = raci.role(t.roles_with("A")[0]).name
        if role_id in t.roles_with("A"):
            accountable = "this role"
        lines.append(
            f"| {_escape(t.name)} | {_cell_text(t.cells[role_id])} | {accountable} | "
            f"{_names(raci, t.roles_with('R'), role_id)} |"
        )
    return "\n".join([*lines, ""])


def render_all(raci: Raci) -> dict[str, str]:
    """Every RACI fragment, keyed by file name."""
    files = {"raci-matrix.md": render_matrix(raci)}
    for role in raci.roles:
        files[f"raci-{role.id}.md"] = render_excerpt(raci, role.id)
    return files


def generate(root: Path) -> list[Path]:
    """Validate the RACI data and write the matrix and per-role fragments that changed."""
    raci = load(root / DATA_FILE)
    return write_all(root / SNIPPETS, render_all(raci))
