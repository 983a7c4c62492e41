"""A KPI without a basis is not available (None -> null -> n/a), never a zero, and intervals
of shares and counts stay inside the values those KPIs can take (issue 12 item 6)."""

from __future__ import annotations

import json

from sim.model.office import Replication
from sim.model.registry import registry
from sim.outputs.comparison import comparison_markdown, mean_and_interval
from sim.outputs.text import mean_ci, number
from sim.study.comparison import paired_differences
from sim.study.replications import summarise
from sim.study.stats import FORMAT_BOUNDS, describe, paired_difference, relative_half_width


def fake(kpis: dict[str, float | None]) -> Replication:
    """A replication carrying only the given KPIs (the study floor reads nothing else)."""
    run = object.__new__(Replication)
    object.__setattr__(run, "kpis", kpis)
    return run


def test_a_kpi_with_no_basis_in_any_replication_is_null() -> None:
    summary = describe([None, None, None])
    assert summary["mean"] is None and summary["ci95"] == [None, None]
    assert summary["without_basis"] == 3
    assert json.loads(json.dumps(summary))["mean"] is None


def test_replications_without_a_basis_are_left_out_and_counted() -> None:
    summary = describe([2.0, None, 4.0])
    assert summary["mean"] == 3.0
    assert summary["without_basis"] == 1
    assert "without_basis" not in describe([2.0, 4.0])


def test_a_difference_without_a_basis_is_not_distinguishable() -> None:
    diff = paired_difference([None, None, None], [1.0, 2.0, 3.0])
    assert diff["mean"] is None and diff["distinguishable"] is False
    # Only pairs with both sides count: one pair cannot be distinguished from 0.
    one = paired_difference([None, None, 1.0], [5.0, 6.0, 9.0])
    assert one["mean"] == 8.0 and one["distinguishable"] is False
    assert relative_half_width([None, None]) == float("inf")


def test_share_and_count_intervals_are_clipped_to_their_bounds() -> None:
    shares = [0.0, 0.0, 0.0, 0.02, 0.0]
    plain = describe(shares)
    assert plain["ci95"][0] < 0  # the raw t interval reaches below 0 ...
    clipped = describe(shares, FORMAT_BOUNDS["share"])
    assert clipped["ci95"][0] == 0.0  # ... the reported one does not
    assert clipped["ci95"][1] == plain["ci95"][1]
    high = describe([1.0, 1.0, 0.98, 1.0], FORMAT_BOUNDS["share"])
    assert high["ci95"][1] == 1.0
    assert describe([0, 0, 0, 3], FORMAT_BOUNDS["count"])["ci95"][0] == 0.0


def test_summarise_uses_the_registry_format_for_bounds() -> None:
    runs = [fake({"denial_rate": v, "collected_usd": -v}) for v in (0.0, 0.0, 0.0, 0.05)]
    summary = summarise(runs)
    assert summary["denial_rate"]["ci95"][0] == 0.0
    assert summary["collected_usd"]["ci95"][1] > 0  # dollars are not clipped


def test_not_available_reads_n_a_in_tables() -> None:
    assert number("days", None) == "n/a"
    assert number("share", None, signed=True) == "n/a"
    entry = describe([None, None])
    assert mean_ci(entry, "days") == "n/a"
    assert mean_and_interval(entry, "claim_lag_days_mean") == "n/a"


def test_comparison_report_shows_n_a_and_no_for_a_kpi_without_basis() -> None:
    nobody = [fake({"claim_lag_days_mean": None}) for _ in range(3)]
    staffed = [fake({"claim_lag_days_mean": v}) for v in (2.0, 3.0, 4.0)]
    studies = {"nobody": nobody, "staffed": staffed}
    record = {
        "replications": 3,
        "seed": 1,
        "kpis": {name: summarise(runs) for name, runs in studies.items()},
        "differences": {"staffed - nobody": paired_differences(studies, "nobody", "staffed")},
    }
    text = comparison_markdown(record)
    label = registry().kpis["claim_lag_days_mean"].label
    rows = [line for line in text.splitlines() if line.startswith(f"| {label} |")]
    assert rows[0].startswith(f"| {label} | n/a | 3.0")
    assert rows[1] == f"| {label} | n/a | n/a | no |"


def test_clipping_never_cuts_off_a_value_a_replication_took() -> None:
    # A bound the data break (a share above 1) leaves the interval reaching that value.
    summary = describe([0.9, 1.2, 1.0], FORMAT_BOUNDS["share"])
    assert summary["ci95"][1] >= 1.2


def test_unregistered_keys_are_not_clipped() -> None:
    runs = [fake({"something_new": v}) for v in (0.0, 0.0, 0.0, 5.0)]
    assert summarise(runs)["something_new"]["ci95"][0] < 0


def test_precision_leaves_out_a_kpi_no_replication_could_measure() -> None:
    from sim.study.precision import worst_precision

    runs = [fake({"claim_lag_days_mean": None, "days_in_ar": v}) for v in (40.0, 42.0, 41.0)]
    worst, widths, excluded = worst_precision(
        {"nobody": runs}, ["claim_lag_days_mean", "days_in_ar"], 3
    )
    assert excluded == ["nobody: claim_lag_days_mean"]
    assert list(widths) == ["nobody: days_in_ar"] and worst == widths["nobody: days_in_ar"]
