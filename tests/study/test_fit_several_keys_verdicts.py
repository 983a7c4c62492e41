"""`twohats calibrate` with several --fit keys: what a fit says when no setting reproduces the
books, and that a fit is the same whatever the number of workers.

Apart from test_fit_several_keys.py (the fit that recovers its keys), so pytest-xdist's
--dist loadscope can run the two halves of these long calibrations on two workers at once."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sim.cli import main
from tests.consultant.report_case import compare_folder, report
from tests.study.test_fit_several_keys import WARM_UP, _books, _office


def test_a_figure_nothing_reproduces_is_named_first(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    books = _books(seed=99, reps=2, study=WARM_UP)
    books["ar_usd"]["90+"] = 500_000
    path.write_text(yaml.safe_dump({**_office(2.0, 8.0, WARM_UP), "observed": books}))
    args = ["calibrate", str(path), "--reps", "2", "--points", "8", "--waves", "1"]
    args += ["--fit", "om_work.interruptions_per_hour=0..6"]
    args += ["--fit", "practice.providers.0.visits_per_day=4..12"]
    assert main([*args, "--jobs", "2", "--quiet", "--out", str(tmp_path / "out")]) == 0
    (written,) = (tmp_path / "out").iterdir()
    text = (written / "fit.txt").read_text()
    verdict = text.split("\n\n")[1]
    assert verdict.startswith("NOT REPRODUCED") and "over 90 days" in verdict.splitlines()[0]
    # The keys do move the figure, just never that far (the office is old enough to have it).
    lines = [line for line in text.splitlines() if "A/R over 90 days since service:" in line]
    (closest,) = [line for line in lines if "distance" in line]
    (table,) = [line for line in lines if "distance" not in line]
    assert "moved by practice.providers.0.visits_per_day" in table
    # The client report, given the fit's folder, carries the verdict and its warning.
    page = tmp_path / "report.html"
    (tmp_path / "compare").mkdir()
    folder = compare_folder(tmp_path / "compare")
    assert report(folder, page, "--calibration", str(written)) == 0
    html = page.read_text()
    assert "NOT REPRODUCED by any setting" in html
    # A fit of several keys at once has one verdict: said once, not once per key in one-key
    # words ("the best value" of a key that has none).
    assert html.count("No setting of these 2 inputs together") == 1
    assert "No value of practice.providers.0.visits_per_day in the range searched" not in html
    assert html.count("Method: NOT REPRODUCED") == 1


def test_a_fit_that_accepts_nothing_says_why_it_stopped_and_which_figures_pull_apart(
    tmp_path: Path,
) -> None:
    """Asked for two waves, a fit that accepts nothing in the first says it stopped there, and
    shows the run nearest to all the books with the farthest figure first."""
    path = tmp_path / "client.yaml"
    books = _books(seed=99, reps=2, study=WARM_UP)
    books["ar_usd"]["90+"] = 500_000
    path.write_text(yaml.safe_dump({**_office(2.0, 8.0, WARM_UP), "observed": books}))
    args = ["calibrate", str(path), "--reps", "2", "--points", "8", "--waves", "2"]
    args += ["--fit", "om_work.interruptions_per_hour=0..6"]
    args += ["--fit", "practice.providers.0.visits_per_day=4..12"]
    assert main([*args, "--jobs", "2", "--quiet", "--out", str(tmp_path / "out")]) == 0
    (written,) = (tmp_path / "out").iterdir()
    text = (written / "fit.txt").read_text()
    assert "Stopped after wave 1 of 2: no setting was accepted" in text
    nearest = text.split("the run closest to all the books at once")[1].splitlines()
    assert "interruptions_per_hour" in nearest[0]
    assert nearest[1].startswith("  Insurance A/R over 90 days since service: observed $500,000")


def test_the_fit_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                **_office(12.0, 8.0, WARM_UP),
                "horizon_days": 21,
                "observed": {"day": 20, "ar_usd": {"0-30": 40_000}, "unsent_claims": 5},
            }
        )
    )
    written = []
    for jobs in ("1", "2"):
        args = ["calibrate", str(path), "--reps", "2", "--points", "6", "--waves", "2"]
        args += ["--fit", "payers.0.adjudication_days.median=4..24"]
        args += ["--fit", "practice.providers.0.visits_per_day=4..12"]
        out = tmp_path / f"out{jobs}"
        assert main([*args, "--jobs", jobs, "--quiet", "--out", str(out)]) == 0
        (folder,) = out.iterdir()
        written.append([(folder / n).read_bytes() for n in ("fit.json", "accepted.csv")])
    row = json.loads(written[0][0])
    assert row["waves"] == 2 and row["accepted"] > 0  # the second wave's design ran too
    assert written[0] == written[1]
