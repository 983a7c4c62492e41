"""The `observed:` block: the client's own figures on one day, each checked with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.scenario.test_bad_input import GOOD_STAFF, run_bad


def _scenario(tmp_path: Path, observed: dict, **extra: object) -> Path:
    path = tmp_path / "client.yaml"
    data = {"horizon_days": 30, "staff": GOOD_STAFF, "observed": observed, **extra}
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("observed", "extra", "expected"),
    [
        ({"day": 3, "denial_rate_share": 8}, {}, ("observed.denial_rate_share", "shares run 0-1")),
        (
            {"day": 3, "ar_usd": {"0-30": -5}},
            {},
            ("observed.ar_usd.0-30", "greater than or equal to 0"),
        ),
        ({"day": 3, "ar_usd": {"30-60": 5}}, {}, ("observed.ar_usd.30-60", "'31-60'")),
        ({"day": 3, "unsent_claims": 2.5}, {}, ("observed.unsent_claims", "integer")),
        ({"day": 3}, {}, ("observed", "at least one figure", "unsent_claims")),
        ({"day": 30, "unsent_claims": 1}, {}, ("observed.day", "past the last simulated day (29")),
        ({"day": 3, "as_of": "2025-04-01", "unsent_claims": 1}, {}, ("not both",)),
        (
            {"as_of": "2025-04-01", "unsent_claims": 1},
            {},
            ("observed.as_of", "needs opening.as_of"),
        ),
        (
            {"as_of": "2025-03-01", "unsent_claims": 1},
            {"opening": {"as_of": "2025-03-31"}},
            ("observed.as_of", "before opening.as_of"),
        ),
        (
            {"day": 3, "unsent_claim": 1},
            {},
            ("observed.unsent_claim", "did you mean 'unsent_claims'"),
        ),
    ],
)
def test_bad_observed_figures_are_named(
    capsys, tmp_path: Path, observed: dict, extra: dict, expected: tuple[str, ...]
) -> None:
    run_bad(capsys, tmp_path, _scenario(tmp_path, observed, **extra), *expected)


def test_a_date_counts_from_the_opening_day(tmp_path: Path) -> None:
    from sim.scenario.loading import load_scenario

    path = _scenario(
        tmp_path,
        {"as_of": "2025-04-30", "unsent_claims": 1},
        opening={"as_of": "2025-03-31"},
        horizon_days=60,
    )
    assert load_scenario(path).observed_day() == 30
