"""The trainees' tools work in the browser, keep their state there only, and print on one page.

- The onboarding checklist: boxes can be ticked (by mouse or keyboard), each section counts
  what is done, the ticks survive a reload (localStorage) and a button clears them.
- The self-check: an answer is chosen or typed and checked, with feedback and a score that
  survive a reload; a button clears them.
- Each role's printable checklist is one printed page.
Every page makes no request to another host and logs no error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import PageProbe

pytestmark = pytest.mark.browser


def _open(make_probe: Callable[..., PageProbe], base_url: str, path: str, **options) -> PageProbe:
    probe = make_probe(**options)
    probe.page.goto(base_url + path)
    return probe


def _tick(probe: PageProbe, item: object) -> None:
    """Click the square a reader sees (drawn beside the box's label, which has no width)."""
    item.scroll_into_view_if_needed()
    box = item.locator(".task-list-control").bounding_box()
    probe.page.mouse.click(box["x"] - 14, box["y"] + box["height"] / 2)


def _progress(probe: PageProbe) -> list[str]:
    return probe.page.locator(".checklist-progress").all_inner_texts()


def test_onboarding_boxes_tick_count_and_survive_a_reload(
    make_probe: Callable[..., PageProbe], base_url: str
) -> None:
    probe = _open(make_probe, base_url, "trainees/onboarding/")
    page = probe.page
    boxes = page.locator(".tabbed-block").first.locator(".task-list-item input[type=checkbox]")
    first_section = page.locator(".tabbed-block").first.locator("ul.task-list").first
    in_first = first_section.locator(":scope > li").count()
    assert boxes.count() >= 18 and in_first >= 5
    assert boxes.first.is_enabled()
    counts = _progress(probe)
    assert counts[0] == f"0 of {in_first} done"
    assert len(counts) == 6  # three sections in each of the two roles' tabs

    _tick(probe, page.locator(".tabbed-block").first.locator(".task-list-item").nth(0))
    boxes.nth(1).focus()
    page.keyboard.press("Space")  # the keyboard ticks a box too
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert _progress(probe)[0] == f"2 of {in_first} done"

    page.reload()
    boxes = page.locator(".tabbed-block").first.locator(".task-list-item input[type=checkbox]")
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked() and not boxes.nth(2).is_checked()
    assert _progress(probe)[0] == f"2 of {in_first} done"
    stored = page.evaluate("() => localStorage.getItem('twohats:checklist:onboarding')")
    assert stored and len(re.findall("true", stored)) == 2

    page.click(".checklist-reset")
    assert not boxes.nth(0).is_checked()
    assert _progress(probe)[0] == f"0 of {in_first} done"
    assert "cleared" in page.locator(".checklist-status").inner_text()
    page.reload()
    assert not page.locator(".task-list-item input[type=checkbox]").nth(0).is_checked()
    assert probe.problems() == []


def test_same_item_in_two_tabs_is_kept_apart(
    make_probe: Callable[..., PageProbe], base_url: str
) -> None:
    """Both roles end with 'Agree a development goal…': ticking one must not tick the other."""
    probe = _open(make_probe, base_url, "trainees/onboarding/")
    page = probe.page
    item = page.locator(".task-list-item", has_text="Agree a development goal")
    assert item.count() == 2
    _tick(probe, item.first)
    page.reload()
    item = page.locator(".task-list-item", has_text="Agree a development goal")
    assert item.nth(0).locator("input").is_checked()
    assert not item.nth(1).locator("input").is_checked()


def test_self_check_gives_feedback_and_keeps_the_score(
    make_probe: Callable[..., PageProbe], base_url: str
) -> None:
    probe = _open(make_probe, base_url, "trainees/self-check/")
    page = probe.page
    questions = page.locator(".self-check")
    total = questions.count()
    assert total >= 9
    score = page.locator("#self-check-score")
    assert f"none answered yet ({total} questions)" in score.inner_text()

    first = questions.nth(0)
    first.locator(".self-check-submit").click()
    assert "Choose an answer first" in first.locator(".self-check-feedback").inner_text()
    first.locator("input[value='0']").check()  # a wrong choice
    first.locator(".self-check-submit").click()
    assert first.locator(".self-check-feedback").inner_text().startswith("Not quite")
    assert page.locator("details").nth(0).get_attribute("open") is not None
    first.locator("input[value='1']").check()
    first.locator(".self-check-submit").click()
    assert first.locator(".self-check-feedback").inner_text() == "Right."

    typed = page.locator(".self-check[data-kind=text]").first
    typed.locator("input[type=text]").fill(" 31 - 60 ")
    typed.locator("input[type=text]").press("Enter")
    assert typed.locator(".self-check-feedback").inner_text() == "Right."
    assert f"2 right of 2 answered ({total} questions)" in score.inner_text()

    page.reload()
    assert f"2 right of 2 answered ({total} questions)" in score.inner_text()
    assert questions.nth(0).locator("input[value='1']").is_checked()
    page.click("#self-check-reset")
    assert "none answered yet" in score.inner_text()
    assert probe.problems() == []


def test_self_check_answers_are_right_for_the_data() -> None:
    """The page's right answers are the data's: a choice index in range, typed answers kept."""
    from pathlib import Path

    from sim.site import data, self_check

    root = Path(__file__).resolve().parents[2]
    questions = self_check.parse(data.read(root / self_check.DATA_FILE))
    page = self_check.render(questions)
    for q in questions:
        if q.choices:
            assert f'id="sc-{q.id}" data-kind="choice" data-answer="{q.answer}"' in page
        else:
            assert all(self_check.normalise(a) in page for a in q.accept)


@pytest.mark.parametrize("role", ["office-manager", "insurance-coordinator"])
def test_each_role_s_checklist_prints_on_one_page(
    make_probe: Callable[..., PageProbe], base_url: str, role: str
) -> None:
    probe = _open(make_probe, base_url, f"roles/{role}-checklist/")
    page = probe.page
    assert page.locator(".print-sheet .task-list-item").count() >= 15
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"{role} checklist prints on {pages} pages"
