"""`twohats import-claims`: a practice's open-claims export becomes the exact day-0 state."""

from __future__ import annotations

import csv
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from sim.cli import main
from sim.model.claim import AGING_BUCKETS, ClaimState, aging_bucket
from sim.model.office import Office
from sim.scenario.claims_import import parse_date, parse_money
from sim.scenario.loading import load_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPORT = EXAMPLES / "open-claims.csv"
BASE = EXAMPLES / "client-practice.yaml"
END_OF_DAY_0 = 1.0 - 1e-6


def _expected_from_csv() -> tuple[dict[str, int], int, int]:
    """Sent dollars (cents) by the report's aging bucket, and the unsent count and cents."""
    sent = dict.fromkeys(AGING_BUCKETS, 0)
    unsent, unsent_cents = 0, 0
    with EXPORT.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["Date of Service"]:
                continue
            cents = int(Decimal(row["Ins Est"].strip("$").replace(",", "")) * 100)
            if row["Date Sent"]:
                age = (parse_date("3/31/2025") - parse_date(row["Date of Service"])).days
                sent[aging_bucket(age)] += cents
            else:
                unsent, unsent_cents = unsent + 1, unsent_cents + cents
    return sent, unsent, unsent_cents


@pytest.fixture
def client(tmp_path: Path) -> Path:
    base = tmp_path / "client-practice.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "client.yaml"
    status = main(
        [
            "import-claims",
            str(EXPORT),
            "--extends",
            str(base),
            "--out",
            str(out),
            "--as-of",
            "03/31/2025",
        ]
    )
    assert status == 0
    return out


def test_the_sample_export_is_the_consultant_case() -> None:
    sent, unsent, _ = _expected_from_csv()
    assert sum(sent.values()) == 148_000_00
    assert sent["0-30"] == 62_000_00
    assert unsent == 120


def test_day_0_holds_exactly_the_imported_dollars_by_bucket(client: Path) -> None:
    sent, unsent, unsent_cents = _expected_from_csv()
    office = Office(load_scenario(client), seed=1, replication=0)
    ledger = office.ledger
    buckets, unsent_count, unsent_total = ledger.open_totals(END_OF_DAY_0)
    assert (unsent_count, unsent_total) == (unsent, unsent_cents)
    sent_claims = [c for c in ledger.open_claims() if c.state is not ClaimState.UNSUBMITTED]
    simulated = dict.fromkeys(AGING_BUCKETS, 0)
    for claim in sent_claims:
        simulated[aging_bucket(END_OF_DAY_0 - claim.service_day)] += claim.expected_cents
    assert simulated == sent
    # The model's aging holds only the claims sent, as the practice's aging report does.
    assert buckets == sent


def test_the_client_scenario_runs(client: Path, tmp_path: Path) -> None:
    text = client.read_text().replace("opening:", "horizon_days: 20\nopening:", 1)
    client.write_text(text)
    out = tmp_path / "results"
    assert (
        main(["run", str(client), "--reps", "2", "--jobs", "1", "--out", str(out), "--quiet"]) == 0
    )
    with (out / "client" / "daily.csv").open() as handle:
        first = next(csv.DictReader(handle))
    assert int(first["unsubmitted_claims"]) >= 100


def test_old_totals_form_still_works(tmp_path: Path) -> None:
    path = tmp_path / "totals.yaml"
    data = yaml.safe_load(BASE.read_text())
    data["opening"] = {"unsubmitted_claims": 12, "ar_usd": {"0-30": 1000.0, "90+": 500.0}}
    path.write_text(yaml.safe_dump(data))
    office = Office(load_scenario(path), seed=1, replication=0)
    buckets, unsent, _ = office.ledger.open_totals(0.0)
    assert unsent == 12
    assert buckets["90+"] == 500_00


@pytest.mark.parametrize(
    ("text", "cents"), [("$1,234.56", 123456), ("1234.5", 123450), (" 7 ", 700), ("$0.01", 1)]
)
def test_money(text: str, cents: int) -> None:
    assert parse_money(text) * 100 == cents


@pytest.mark.parametrize("text", ["($12.00)", "-3", "12.345", "abc", "$1,,2x"])
def test_bad_money(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        parse_money(text)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text("DOS,Insurance Company,Sent On,Expected,Status\n" + body)
    return path


BAD_ROWS = [
    ("13/45/2024,Large PPO A,,$10.00,\n", "line 2: '13/45/2024' is not a date"),
    (
        "3/1/2025,Acme Dental,3/2/2025,$10.00,Sent\n",
        "line 2: payer 'Acme Dental' is not a scenario payer",
    ),
    (
        "3/1/2025,Large PPO A,,$10.00,Sent\n",
        "line 2: status 'Sent' says sent but the date sent is blank",
    ),
    ("3/1/2025,Large PPO A,3/2/2025,ten,Sent\n", "line 2: 'ten' is not an amount"),
    (
        "\n3/1/2025,Large PPO A,3/2/2025,$5,Sent\n3/1/2025,Large PPO A,2/2/2025,$5,Sent\n",
        "line 4: date sent 2025-02-02 is before the date of service 2025-03-01",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_ROWS)
def test_bad_rows_name_the_line_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture, body: str, message: str
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "client.yaml"
    status = main(
        ["import-claims", str(_write(tmp_path, body)), "--extends", str(base), "--out", str(out)]
    )
    assert status == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.yaml", "export.csv"]


def test_every_bad_line_in_one_pass(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    body = "x,Large PPO A,,$1,\n3/1/2025,Nobody,,$1,\n3/1/2025,Large PPO A,,$-1,\n"
    out = tmp_path / "client.yaml"
    assert (
        main(
            [
                "import-claims",
                str(_write(tmp_path, body)),
                "--extends",
                str(base),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert all(f"line {n}:" in err for n in (2, 3, 4))


def test_payer_mapping_and_missing_column(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "client.yaml"
    export = _write(tmp_path, "3/1/2025,Acme Dental,3/2/2025,$10.00,Sent\n")
    args = ["import-claims", str(export), "--extends", str(base), "--out", str(out)]
    assert main([*args, "--payer", "Acme Dental=regional_plan"]) == 0
    assert yaml.safe_load(out.read_text())["opening"]["claims"][0]["payer"] == "regional_plan"
    assert main([*args, "--force", "--payer", "Acme Dental=nobody"]) == 2
    export.write_text("DOS,Sent,Expected\n3/1/2025,3/2/2025,$1\n")
    assert main([*args, "--force"]) == 2
    assert "no payer column" in capsys.readouterr().err


def test_an_existing_client_file_is_kept(client: Path, capsys: pytest.CaptureFixture) -> None:
    before = client.read_text()
    args = [
        "import-claims",
        str(EXPORT),
        "--extends",
        str(client.with_name("client-practice.yaml")),
    ]
    assert main([*args, "--out", str(client)]) == 2
    assert client.read_text() == before
    assert "exists" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["$1e400", "$1e3", "1_000", "nan", "inf", "Infinity"])
def test_an_amount_in_another_notation_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"{text!r} is not an amount")):
        parse_money(text)


def test_the_base_scenario_is_never_written_over(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    args = ["import-claims", str(EXPORT), "--extends", str(base), "--out", str(base)]
    assert main([*args, "--force"]) == 2
    assert "is a file the base scenario is built from" in capsys.readouterr().err
    assert base.read_text() == BASE.read_text()


def test_no_file_the_base_is_built_from_is_written_over(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(BASE.read_text())
    mid = tmp_path / "mid.yaml"
    mid.write_text("extends: practice.yaml\ndescription: the client's changes\n")
    args = ["import-claims", str(EXPORT), "--extends", str(mid), "--out", str(practice)]
    assert main([*args, "--force"]) == 2
    assert "is a file the base scenario is built from" in capsys.readouterr().err
    assert practice.read_text() == BASE.read_text()


def test_a_client_file_named_with_spaces_runs(tmp_path: Path) -> None:
    base = tmp_path / "client-practice.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "Dr Ünal client.yaml"
    args = ["import-claims", str(EXPORT), "--extends", str(base), "--out", str(out)]
    assert main([*args, "--as-of", "03/31/2025"]) == 0
    assert load_scenario(out).name == "Dr-nal-client"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "client.yaml"
    assert main(["import-claims", str(pipe), "--extends", str(base), "--out", str(out)]) == 2
    assert "is a named pipe (FIFO), not a CSV export" in capsys.readouterr().err
    assert not out.exists()


def test_claims_past_their_filing_limit_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(BASE.read_text())
    out = tmp_path / "client.yaml"
    body = (
        "1/2/2023,Large PPO A,,$12.34,Unsent\n"  # unsent, long past a 365-day limit
        "3/1/2025,Large PPO A,,$5.00,Unsent\n"  # unsent, inside the limit
        "1/2/2023,Large PPO A,1/9/2023,$7.00,Sent\n"  # sent in time: not named
    )
    export = _write(tmp_path, body)
    args = ["import-claims", str(export), "--extends", str(base), "--out", str(out)]
    assert main([*args, "--as-of", "3/31/2025"]) == 0
    said = capsys.readouterr().out
    assert "1 claim ($12.34) past their payer's filing limit on 2025-03-31" in said
    assert "service 2023-01-02, $12.34, never sent" in said
    assert "$7.00" not in said.split("filing limit")[1]
