"""import-claims reads the exports practices really have, and never guesses what a row means.

The samples in `exports/` are made up in the layouts of three kinds of report: an
outstanding-claims list (tab-separated, headers written together, billed amounts only), and
two insurance aging reports (title rows, carrier rows, bucket columns, subtotals), one
comma-separated and one saved as UTF-16 text with tabs and upper-case headers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.scenario import claims_import
from sim.scenario.loading import load_scenario

HERE = Path(__file__).parent
EXPORTS = HERE / "exports"
BASE = HERE.parents[1] / "examples" / "client-practice.yaml"
MAP = ["--payer", "Harbor Dental Plan=large_ppo_a", "--payer", "Maple Mutual=regional_plan"]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.yaml"
    path.write_text(BASE.read_text())
    return path


def _import(export: Path, base: Path, *extra: str) -> int:
    out = base.with_name("client.yaml")
    args = ["import-claims", str(export), "--extends", str(base), "--out", str(out), *MAP]
    return main([*args, "--as-of", "2025-03-31", *extra])


def _claims(base: Path) -> list[dict]:
    return yaml.safe_load(base.with_name("client.yaml").read_text())["opening"]["claims"]


def test_an_outstanding_claims_list_without_an_estimate_is_refused_naming_its_columns(
    base: Path, capsys: pytest.CaptureFixture
) -> None:
    assert _import(EXPORTS / "outstanding-claims.txt", base) == 2
    err = capsys.readouterr().err
    assert "no expected_usd column" in err
    assert "'DateSent'" in err and "'Amount'" in err
    assert "--estimate-from-billed" in err
    assert not base.with_name("client.yaml").exists()


def test_an_outstanding_claims_list_imports_as_sent_claims_with_estimates_said_so(
    base: Path, capsys: pytest.CaptureFixture
) -> None:
    assert _import(EXPORTS / "outstanding-claims.txt", base, "--estimate-from-billed") == 0
    claims = _claims(base)
    assert len(claims) == 4
    assert all(c["sent_date"] is not None for c in claims)
    by_billed = {c["billed_usd"]: c for c in claims}
    # As the model reckons a claim: the plan's allowed amount (billed times the allowance
    # share) times its coverage. The example base keeps the defaults: large_ppo_a allows 65% of
    # a major fee and covers 50% of that, allows 75% of a preventive fee and covers all of it;
    # state Medicaid allows 49% and covers all of a preventive visit.
    assert by_billed[1200.0]["expected_usd"] == 390.0
    assert by_billed[180.0]["expected_usd"] == 135.0
    assert by_billed[95.0]["payer"] == "state_medicaid"
    assert by_billed[95.0]["expected_usd"] == 46.55
    said = capsys.readouterr().out
    assert "tab-separated" in said
    assert "sent_date <- 'DateSent'" in said
    assert "ESTIMATED" in said
    assert "'PatName'" in said.split("ignored:")[1]


def test_an_aging_report_with_carrier_rows_and_subtotals(
    base: Path, capsys: pytest.CaptureFixture
) -> None:
    assert _import(EXPORTS / "insurance-aging-dx.csv", base) == 0
    claims = _claims(base)
    assert [(c["payer"], c["expected_usd"], c["billed_usd"]) for c in claims] == [
        ("large_ppo_a", 600.0, 1200.0),
        ("large_ppo_a", 180.0, 180.0),
        ("regional_plan", 256.0, 320.0),
        ("state_medicaid", 95.0, 95.0),
    ]
    said = capsys.readouterr().out
    assert "3 carrier rows" in said
    assert "payer <- the carrier rows" in said
    assert "'> 90'" in said.split("billed_usd <-")[1].splitlines()[0]


def test_a_utf16_tab_separated_aging_report_with_upper_case_headers(
    base: Path, capsys: pytest.CaptureFixture
) -> None:
    assert _import(EXPORTS / "insurance-aging-es.txt", base) == 0
    claims = _claims(base)
    assert [c["expected_usd"] for c in claims] == [412.5, 88.0, 1040.0]
    assert [c["payer"] for c in claims] == ["large_ppo_a", "large_ppo_a", "regional_plan"]
    said = capsys.readouterr().out
    assert "UTF-16, tab-separated" in said


def _export(tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


PLAIN = "DOS,Carrier,Date Sent,Ins Est\n3/1/2025,Large PPO A,3/2/2025,$10.00\n"


def test_no_sent_date_column_is_an_error_not_unsent_claims(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture
) -> None:
    export = _export(tmp_path, "DOS,Carrier,Ins Est\n3/1/2025,Large PPO A,$10.00\n")
    assert _import(export, base) == 2
    err = capsys.readouterr().err
    assert "no sent_date column" in err and "never assumed" in err and "'Ins Est'" in err


def test_a_column_named_on_the_command_line(tmp_path: Path, base: Path) -> None:
    export = _export(tmp_path, "DOS,Carrier,Mailed,Ins Est\n3/1/2025,Large PPO A,3/2/2025,$10\n")
    assert _import(export, base, "--column", "sent_date=Mailed") == 0
    assert str(_claims(base)[0]["sent_date"]) == "2025-03-02"


def test_a_status_the_import_does_not_know_is_one_message_and_can_be_left_unread(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture
) -> None:
    """An export whose status column holds codes (S for sent) fails on every row: said once,
    with how many rows share it, and `--column status=` leaves the optional column unread."""
    rows = "".join(f"3/{d}/2025,Large PPO A,3/{d + 1}/2025,$10,S\n" for d in range(1, 9))
    export = _export(tmp_path, "DOS,Carrier,Date Sent,Ins Est,ClaimStatus\n" + rows)
    assert _import(export, base) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "line 2: status 'S' is not one this import knows" in err[0]
    assert "--column status=" in err[0]
    assert "(and 7 more rows alike: lines 3, 4, 5, 6, 7, ...)" in err[0]
    assert not base.with_name("client.yaml").exists()
    assert _import(export, base, "--column", "status=") == 0
    assert len(_claims(base)) == 8
    assert "'ClaimStatus'" in capsys.readouterr().out.split("ignored:")[1]
    # a field that changes what a row means cannot be left unread
    assert _import(export, base, "--force", "--column", "sent_date=") == 2
    assert "leave an optional field unread: billed_usd, status" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("encoding", "newline", "delimiter", "named"),
    [
        ("utf-8", "\r", ",", "comma"),
        ("utf-16", "\r\n", ";", "semicolon"),
        ("utf-8", "\n", "\t", "tab"),
        ("cp1252", "\r\n", ",", "Latin-1"),
    ],
)
def test_encodings_line_endings_and_delimiters_are_read_and_named(
    tmp_path: Path,
    base: Path,
    capsys: pytest.CaptureFixture,
    encoding: str,
    newline: str,
    delimiter: str,
    named: str,
) -> None:
    text = PLAIN.replace("\n", ",Zoë\n").replace(",", delimiter)
    assert _import(_export(tmp_path, text, encoding, newline), base) == 0
    assert _claims(base)[0]["expected_usd"] == 10.0
    assert named in capsys.readouterr().out


def test_a_cell_over_the_csv_limit_is_a_line_error(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture
) -> None:
    export = _export(tmp_path, PLAIN + f'3/1/2025,Large PPO A,3/2/2025,"{"9" * 131_073}"\n')
    assert _import(export, base) == 2
    err = capsys.readouterr().err
    assert "line 3: a cell is longer than" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("3/1/2025,Large PPO A,2/2/2025,$5", "line 3: date sent 2025-02-02 is before"),
        ("1/1/0001,Large PPO A,3/2/2025,$5", "line 3: '1/1/0001' is outside 1980-2099"),
        ("3/1/2025,Large PPO A,12/31/9999,$5", "line 3: '12/31/9999' is outside"),
        ('3/1/2025,Large PPO A,3/2/2025,"$1,2,3"', "line 3: '$1,2,3' is not an amount"),
        ("3/1/2025,Large PPO A,3/2/2025,$$$5", "line 3: '$$$5' is not an amount"),
    ],
)
def test_row_checks_name_the_csv_line(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture, row: str, message: str
) -> None:
    out = base.with_name("client.yaml")
    export = _export(tmp_path, PLAIN + row + "\n")
    args = ["import-claims", str(export), "--extends", str(base), "--out", str(out)]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_export_is_never_its_own_output(tmp_path: Path, base: Path) -> None:
    export = tmp_path / "export.yaml"
    export.write_text(PLAIN)
    args = ["import-claims", str(export), "--extends", str(base), "--out", str(export)]
    assert main([*args, "--force"]) == 2
    assert export.read_text() == PLAIN


def test_reading_stops_at_the_claim_limit_with_the_count(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_import, "MAX_CLAIMS", 5)
    body = "".join("3/1/2025,Large PPO A,3/2/2025,$5\n" for _ in range(50))
    assert _import(_export(tmp_path, PLAIN + body), base) == 2
    err = capsys.readouterr().err
    assert "more than 5 claim rows (stopped reading at line 7)" in err


def test_what_is_written_always_loads_and_what_would_not_is_refused(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture
) -> None:
    row = "3/1/2025,Large PPO A,3/2/2025,$1234.56\n"
    assert _import(_export(tmp_path, PLAIN + row * 8_000), base) == 0
    assert len(load_scenario(base.with_name("client.yaml")).opening.claims) == 8_001
    capsys.readouterr()
    assert _import(_export(tmp_path, PLAIN + row * 10_900), base, "--force") == 2
    err = capsys.readouterr().err
    assert "over the 1,000,000-byte limit" in err and "10,901 open claims" in err
    assert len(load_scenario(base.with_name("client.yaml")).opening.claims) == 8_001


def test_an_estimate_needs_a_billed_amount_to_start_from(
    tmp_path: Path, base: Path, capsys: pytest.CaptureFixture
) -> None:
    export = _export(tmp_path, "DOS,Carrier,Date Sent\n3/1/2025,Large PPO A,3/2/2025\n")
    assert _import(export, base, "--estimate-from-billed") == 2
    assert "needs a billed amount" in capsys.readouterr().err
