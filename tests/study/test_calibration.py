"""Observed figures beside simulated ones, and `twohats calibrate` (issue 12, item 3)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from sim.cli import main
from sim.model.office import simulate
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.study import calibration
from sim.study.observed import catalogue, compare, simulated_at
from sim.study.replications import run_all

TRUE_INTERRUPTIONS = 2


def _office(days: int, interruptions: float = TRUE_INTERRUPTIONS) -> dict[str, Any]:
    """One person wearing both hats with no front desk: the manager's interruptions matter.

    Warmed up 120 days, not the default 399 (most of each run's time): at the interval test's
    seeds the fitted interval is the same either way (1.5 to 3.5 around the true 2)."""
    return {
        "horizon_days": days,
        "practice": {"front_desk": {"people": 0, "interruption_share": 0}},
        "staff": [{"name": "om", "roles": ["om", "ic"]}],
        "om_work": {"interruptions_per_hour": interruptions},
        "study": {"warm_up_days": 120},
    }


def _observed_from_model(days: int, seed: int, reps: int) -> dict[str, Any]:
    """Every figure an observed block can hold, as the model's mean on its last day."""
    truth = Scenario.model_validate(_office(days))
    results = [simulate(truth, seed, r) for r in range(reps)]
    day = days - 1
    block: dict[str, Any] = {"day": day, "ar_usd": {}}
    for figure in catalogue():
        values = [v for r in results if (v := simulated_at(figure, r, day)) is not None]
        mean = statistics.fmean(values)
        section, _, bucket = figure.key.partition(".")
        if bucket:
            block["ar_usd"][bucket] = round(mean, 2)
        else:
            block[section] = round(mean) if section == "unsent_claims" else round(mean, 4)
    return block


def test_interval_recovers_the_interruptions_the_figures_came_from() -> None:
    """Figures made by the model at 2 interruptions an hour (another seed) are fitted back."""
    observed = _observed_from_model(days=91, seed=99, reps=6)
    scenario = Scenario.model_validate({**_office(91, interruptions=4.0), "observed": observed})
    fit = calibration.parse_fit("om_work.interruptions_per_hour=0..4")
    found = calibration.candidates(scenario, fit, points=5)
    # 8, not 4: with follow-up started by weekly aging reviews, the one-person office's figures
    # on day 90 vary more between replications near 2-3 interruptions an hour, and 4 left the
    # interval as wide as the range (best 3, with 2 inside it).
    reps = 8
    work = calibration.tasks([s for _v, s in found], seed=1, reps=reps)
    flat = run_all(calibration.replication_figures, work, jobs=2)
    row = calibration.analyse(scenario, fit, [v for v, _s in found], flat, reps, seed=1)
    assert row["low"] <= TRUE_INTERRUPTIONS <= row["high"], row
    assert row["high"] - row["low"] < fit.high - fit.low
    assert row["score"] == min(p["score"] for p in row["points"])
    assert row["fits"], row  # the model's own figures are within what one office shows


def test_every_value_runs_the_same_seeds_and_replications() -> None:
    scenario = Scenario.model_validate({**_office(30), "observed": {"day": 20, "unsent_claims": 5}})
    found = calibration.candidates(
        scenario, calibration.parse_fit("om_work.interruptions_per_hour=0..3"), 4
    )
    work = calibration.tasks([s for _v, s in found], seed=7, reps=3)
    by_value: dict[float, list[tuple[int, int]]] = {}
    for data, seed, replication in work:
        by_value.setdefault(data["om_work"]["interruptions_per_hour"], []).append(
            (seed, replication)
        )
    assert sorted(by_value) == [0.0, 1.0, 2.0, 3.0]
    assert all(pairs == [(7, 0), (7, 1), (7, 2)] for pairs in by_value.values())
    assert {data["horizon_days"] for data, _s, _r in work} == {21}


def test_score_is_the_sum_of_squared_distances_in_spread_units() -> None:
    means = np.array([[110.0, 2.0], [100.0, 4.0]])
    observed = np.array([100.0, 3.0])
    scale = np.array([10.0, 0.5])
    assert calibration.scores(means, observed, scale).tolist() == [1.0 + 4.0, 0.0 + 4.0]
    # A figure no replication could measure (NaN) adds nothing rather than poisoning the sum.
    assert calibration.scores(np.array([[np.nan, 3.5]]), observed, scale).tolist() == [1.0]


def test_scale_is_the_spread_around_each_values_own_mean() -> None:
    figures = [(catalogue()[0], 0.0)]
    # Two values whose means differ by 100; within each, replications differ by +-1.
    data = np.array([[[9.0], [11.0]], [[109.0], [111.0]]])
    assert calibration.scales(figures, data).tolist() == [100.0]  # the usd floor
    data = data * 1000
    assert calibration.scales(figures, data).tolist() == [1000.0]


def test_whole_number_keys_get_whole_values() -> None:
    scenario = Scenario.model_validate({**_office(30), "observed": {"day": 20, "unsent_claims": 5}})
    fit = calibration.parse_fit("practice.front_desk.people=0..3")
    assert calibration.grid_values(scenario, fit, 7) == [0, 1, 2, 3]
    fit = calibration.parse_fit("practice.front_desk.people=0.5..3.5")
    assert calibration.grid_values(scenario, fit, 2) == [1, 3]


@pytest.mark.parametrize("span", ["1..1.5", "0.2..0.8"])
def test_a_whole_number_key_is_never_tried_outside_its_range(span: str) -> None:
    scenario = Scenario.model_validate({**_office(30), "observed": {"day": 20, "unsent_claims": 5}})
    fit = calibration.parse_fit(f"practice.front_desk.people={span}")
    with pytest.raises(calibration.CalibrationError, match="holds fewer than two"):
        calibration.grid_values(scenario, fit, 5)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("om_work.interruptions_per_hour", "KEY=LOW..HIGH"),
        ("om_work.interruptions_per_hour=4..1", "upwards"),
        ("om_work.interruptions_per_hour=a..b", "must be numbers"),
    ],
)
def test_bad_fit_text_is_refused(text: str, words: str) -> None:
    with pytest.raises(calibration.CalibrationError, match=words):
        calibration.parse_fit(text)


def _write(tmp_path: Path, observed: dict[str, Any] | None, days: int = 30) -> Path:
    """The client file of the command-line tests: they check what calibrate and run write and
    refuse, not the fitted value, so the office is open 60 days, not the default warm-up's 399."""
    data = _office(days) | {"study": {"warm_up_days": 60}}
    if observed is not None:
        data["observed"] = observed
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("fit", "observed", "words"),
    [
        ("om_work.interruptions_per_our=0..4", {"day": 20, "unsent_claims": 3}, "has no key"),
        ("om_work=0..4", {"day": 20, "unsent_claims": 3}, "is a section, not a number"),
        ("horizon_days=20..40", {"day": 20, "unsent_claims": 3}, "not the office"),
        ("observed.unsent_claims=1..4", {"day": 20, "unsent_claims": 3}, "not the office"),
        ("om_work.interruptions_per_hour=-2..4", {"day": 20, "unsent_claims": 3}, "invalid"),
        ("om_work.interruptions_per_hour=0..4", None, "no observed: block"),
        ("om_work.interruptions_per_hour=0..4", {"unsent_claims": 3}, "observed day is 0"),
    ],
)
def test_calibrate_refuses_what_it_cannot_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fit: str, observed: Any, words: str
) -> None:
    path = _write(tmp_path, observed)
    out = tmp_path / "results"
    status = main(["calibrate", str(path), "--fit", fit, "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert str(path) in err and words in err
    assert "Traceback" not in err
    assert not out.exists()


def test_calibrate_writes_its_rows_and_says_when_nothing_fits(tmp_path: Path) -> None:
    """5,000 unsent claims after 20 days of a small office: no value can reproduce that."""
    path = _write(tmp_path, {"day": 20, "unsent_claims": 5000, "ar_usd": {"0-30": 30000}})
    status = main(
        [
            "calibrate",
            str(path),
            "--fit",
            "om_work.interruptions_per_hour=0..4",
            "--points",
            "3",
            "--reps",
            "2",
            "--jobs",
            "1",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert status == 0
    folder = tmp_path / "calibrate-client-om_work_interruptions_per_hour"
    (row,) = json.loads((folder / "calibration.json").read_text())["rows"]
    assert {"parameter", "best", "low", "high", "score", "points"} <= set(row)
    assert row["parameter"] == "om_work.interruptions_per_hour"
    assert [p["value"] for p in row["points"]] == [0.0, 2.0, 4.0]
    assert row["low"] <= row["best"] <= row["high"]
    assert row["fits"] is False
    text = (folder / "calibration.txt").read_text()
    assert "best value" in text and "no value in the range reproduces" in text


def test_run_writes_observed_beside_simulated(tmp_path: Path) -> None:
    observed = {"day": 29, "unsent_claims": 3, "ar_usd": {"0-30": 30000}, "days_in_ar": 20.0}
    path = _write(tmp_path, observed)
    status = main(
        ["run", str(path), "--reps", "2", "--jobs", "1", "--out", str(tmp_path), "--quiet"]
    )
    assert status == 0
    rows = json.loads((tmp_path / "client" / "observed.json").read_text())["rows"]
    daily = (tmp_path / "client" / "daily.csv").read_text().splitlines()
    header = daily[0].split(",")
    last = [dict(zip(header, line.split(","), strict=True)) for line in daily[1:]]
    last = [r for r in last if r["day"] == "29"]
    by_kpi = {r["kpi"]: r for r in rows}
    assert set(by_kpi) == {"ar_usd_0_30", "unsubmitted_claims", "days_in_ar"}
    for r in rows:
        assert {"kpi", "label", "observed", "simulated", "low", "high", "distance"} <= set(r)
        assert r["distance"] == pytest.approx(r["simulated"] - r["observed"])
        assert r["low"] <= r["simulated"] <= r["high"]
    mean_ar = statistics.fmean(float(r["ar_usd_0_30"]) for r in last)
    assert by_kpi["ar_usd_0_30"]["simulated"] == pytest.approx(mean_ar)
    # observed.json keeps six decimals (study.observed._round), so equal to within half of one
    relative = (mean_ar - 30000) / 30000
    assert by_kpi["ar_usd_0_30"]["relative_distance"] == pytest.approx(relative, abs=5e-7)


def test_a_figure_measured_at_the_end_only_is_not_available_earlier() -> None:
    scenario = Scenario.model_validate(
        {**_office(30), "observed": {"day": 10, "days_in_ar": 20.0, "unsent_claims": 1}}
    )
    results = [simulate(scenario, 1, 0)]
    rows = {r["kpi"]: r for r in compare(scenario, results)}
    assert rows["days_in_ar"]["simulated"] is None
    assert rows["days_in_ar"]["distance"] is None
    assert rows["unsubmitted_claims"]["simulated"] == results[0].daily[10]["unsubmitted_claims"]


def test_calibration_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    path = _write(tmp_path, {"day": 20, "unsent_claims": 3, "ar_usd": {"0-30": 30000}})
    written = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        fit = "om_work.interruptions_per_hour=0..4"
        args = ["calibrate", str(path), "--fit", fit, "--points", "3", "--reps", "2"]
        assert main([*args, "--jobs", jobs, "--out", str(out), "--quiet"]) == 0
        written.append(
            (
                out / "calibrate-client-om_work_interruptions_per_hour" / "calibration.json"
            ).read_bytes()
        )
    assert written[0] == written[1]


def test_a_calibration_too_big_to_run_is_refused_before_its_tasks_are_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """200 values times 10,000 replications once built two million scenario copies (24 GB)."""
    path = _write(tmp_path, {"day": 20, "unsent_claims": 3})
    fit = "om_work.interruptions_per_hour=0..4"
    out = tmp_path / "results"
    argv = ["calibrate", str(path), "--fit", fit, "--points", "200", "--reps", "10000"]
    assert main([*argv, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "this calibration would run 2,000,000 replications; at most 200,000" in err
    assert not out.exists()


def test_a_value_s_replications_share_one_copy_of_its_scenario(tmp_path: Path) -> None:
    scenario = load_scenario(_write(tmp_path, {"day": 20, "unsent_claims": 3}))
    work = calibration.tasks([scenario, scenario], seed=1, reps=3)
    assert [(seed, r) for _data, seed, r in work] == [(1, 0), (1, 1), (1, 2)] * 2
    assert len({id(data) for data, _seed, _r in work}) == 2
