"""The trainees' self-check: questions in docs/_data/self-check.yaml, rendered for the page.

Each question becomes a small form (choose an option, or type the answer) that the page's
script checks in the browser, followed by the explanation as a folded block, which also
serves a reader without the script. Nothing here decides right or wrong at build time
beyond checking the data: an answer index inside the choices, or typed answers to accept.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.site import data as data_file
from sim.site.output import write_all
from sim.site.paths import DATA, SNIPPETS

DATA_FILE = DATA / "self-check.yaml"
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


class SelfCheckError(ValueError):
    """The self-check data is malformed; the message names the file, question and key."""


@dataclass(frozen=True)
class Question:
    """One question: chosen (choices and the right index) or typed (answers accepted)."""

    id: str
    question: str
    explanation: str
    choices: tuple[str, ...] = ()
    answer: int | None = None
    accept: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """How a typed answer is compared: lower case, no spaces, no '$' or '%' (as the page does)."""
    return re.sub(r"[\s$%]", "", text.lower())


def _fail(where: str, message: str) -> SelfCheckError:
    return SelfCheckError(f"{DATA_FILE}: {where}: {message}")


def _question(i: int, raw: Any) -> Question:
    where = f"[{i}]"
    if not isinstance(raw, dict):
        raise _fail(where, "expected a mapping")
    allowed = {"id", "question", "explanation", "choices", "answer", "accept"}
    unknown = set(raw) - allowed
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}; allowed: {', '.join(sorted(allowed))}")
    for key in ("id", "question", "explanation"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(f"{where}.{key}", "expected non-empty text")
    if not ID.match(raw["id"]):
        raise _fail(f"{where}.id", "use lower-case letters, digits and hyphens")
    where = raw["id"]
    if "choices" in raw:
        choices = raw["choices"]
        if "accept" in raw or not isinstance(choices, list) or len(choices) < 2:
            raise _fail(
                f"{where}.choices", "a chosen answer needs at least 2 choices and no accept"
            )
        answer = raw.get("answer")
        if not isinstance(answer, int) or not 0 <= answer < len(choices):
            raise _fail(
                f"{where}.answer", f"expected the index of a choice, 0 to {len(choices) - 1}"
            )
        return Question(
            raw["id"], raw["question"], raw["explanation"], tuple(map(str, choices)), answer
        )
    accept = raw.get("accept")
    if not isinstance(accept, list) or not accept or not all(normalise(str(a)) for a in accept):
        raise _fail(f"{where}.accept", "a typed answer needs a list of answers to accept")
    return Question(
        raw["id"], raw["question"], raw["explanation"], accept=tuple(str(a) for a in accept)
    )


def parse(raw: Any) -> list[Question]:
    """Check and convert the parsed file; ids must be unique."""
    if not isinstance(raw, list) or not raw:
        raise _fail("(top level)", "expected a list of questions")
    questions = [_question(i, q) for i, q in enumerate(raw)]
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise _fail("id", "two questions share an id")
    return questions


def _form(number: int, q: Question) -> str:
    """The question as one raw HTML block (no blank line inside, so Markdown leaves it be)."""
    qid = f"sc-{q.id}"
    esc = html.escape
    if q.choices:
        kind, answer = "choice", str(q.answer)
        inputs = [
            f'<label class="self-check-choice"><input type="radio" name="{qid}" value="{i}"> '
            f"{esc(choice)}</label>"
            for i, choice in enumerate(q.choices)
        ]
    else:
        kind = "text"
        answer = esc(json.dumps(sorted({normalise(a) for a in q.accept})), quote=True)
        inputs = [
            f'<label for="{qid}-input">Your answer</label>',
            f'<input type="text" id="{qid}-input" class="self-check-text" autocomplete="off">',
        ]
    return "\n".join(
        [
            f'<div class="self-check" id="{qid}" data-kind="{kind}" data-answer="{answer}">',
            "<fieldset>",
            f"<legend>{number}. {esc(' '.join(q.question.split()))}</legend>",
            *inputs,
            "</fieldset>",
            '<button type="button" class="md-button self-check-submit" hidden>Check my answer</button>',
            '<p class="self-check-feedback" role="status" aria-live="polite"></p>',
            "</div>",
        ]
    )


def render(questions: list[Question]) -> str:
    """Every question's form followed by its folded explanation."""
    blocks = []
    for number, q in enumerate(questions, 1):
        explanation = "\n".join(f"    {line}" for line in q.explanation.split("\n"))
        blocks += [
            _form(number, q),
            "",
            f'??? success "Answer to question {number}"',
            "",
            explanation,
            "",
        ]
    return "\n".join(blocks)


def generate(root: Path) -> list[Path]:
    """Write the self-check fragment if it changed."""
    questions = parse(data_file.read(root / DATA_FILE))
    return write_all(root / SNIPPETS, {"self-check.md": render(questions)})
