"""`twohats import-claims`: write a client scenario whose opening state is a practice's
open-claims export; nothing is written on any error."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from sim.cli.arguments import allow_root
from sim.cli.common import UsageError, err, out, say_written
from sim.outputs.results import write_file
from sim.scenario.claims_import import (
    Estimator,
    ImportedClaims,
    ImportOptions,
    coverage_estimator,
    opening_section,
    parse_date,
    past_filing_limit,
    read_date,
    read_open_claims,
)
from sim.scenario.loading import (
    MAX_FILE_BYTES,
    allowed_roots,
    deep_merge,
    extends_chain,
    load_raw,
    load_scenario,
    scenario_from_raw,
)
from sim.scenario.schema import SCENARIO_NAME, Scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "import-claims",
        help="write a client scenario whose opening state is a practice's open-claims export",
        description="Read one row per open claim (layout: sim/scenario/claim_columns.yaml) and "
        "write a scenario that extends BASE with those claims as its day-0 state, exact to the "
        "cent; unsent claims wait to be sent, sent ones are A/R. Nothing is written on any error.",
    )
    cmd.add_argument("file", type=Path, metavar="FILE.csv")
    cmd.add_argument("--extends", type=Path, required=True, metavar="BASE.yaml")
    cmd.add_argument("--out", type=Path, required=True, metavar="CLIENT.yaml")
    cmd.add_argument(
        "--as-of",
        metavar="DATE",
        help="date of the aging report, the model's day 0 (default: the latest date in the file)",
    )
    cmd.add_argument(
        "--payer",
        action="append",
        default=[],
        metavar="NAME=PAYER",
        help="map the export's payer NAME to a scenario payer (repeatable; default: same name)",
    )
    cmd.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="read FIELD (service_date, sent_date, payer, expected_usd, billed_usd, status) "
        "from the column headed HEADER (repeatable; default: the headers in claim_columns.yaml); "
        "FIELD= with no header leaves an optional field (billed_usd, status) unread",
    )
    cmd.add_argument(
        "--estimate-from-billed",
        action="store_true",
        help="for an export with no insurance estimate (an outstanding-claims list of billed "
        "amounts): estimate each claim's insurance portion from its billed amount and its "
        "payer's allowance and coverage in the base scenario; the summary says so",
    )
    cmd.add_argument("--force", action="store_true", help="replace CLIENT.yaml if it exists")
    allow_root(cmd)
    cmd.set_defaults(handler=cmd_import_claims)


def _payer_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for text in pairs:
        given, sep, target = text.partition("=")
        if not sep or not given.strip() or not target.strip():
            raise UsageError(f"--payer takes NAME=PAYER, got {text!r}")
        mapping[given.strip()] = target.strip()
    return mapping


def _client_yaml(imported: ImportedClaims, base: Path, out_path: Path) -> str:
    """The client scenario's text: extends BASE, with the opening state from the export, one
    claim a line (compact, so more claims fit within the scenario size limit)."""
    relative = os.path.relpath(base.resolve(), out_path.resolve().parent)
    head = (
        f"# Written by twohats import-claims: {len(imported.claims)} open claims as of "
        f"{imported.as_of}.\n# Edit the base scenario for the practice; rerun the import for "
        "new books.\n"
    )
    body: dict[str, object] = {"extends": relative}
    name = _results_name(out_path.stem)
    if name != out_path.stem:
        body["name"] = name
    body["opening"] = opening_section(imported)
    return head + yaml.safe_dump(
        body, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1_000
    )


def _results_name(stem: str) -> str:
    """A file stem as a results-folder name: the stem itself when it is one (letters, digits,
    _ . -, starting with a letter or digit), else its runs of other characters as '-'."""
    if re.fullmatch(SCENARIO_NAME, stem):
        return stem
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).lstrip("_.-")[:100].rstrip("-")
    return slug or "client"


def _say_past_limit(imported: ImportedClaims, limits: dict[str, int]) -> None:
    """Name each claim already past its payer's filing limit: the run gives them up on day 0."""
    late = past_filing_limit(imported, limits)
    if not late:
        return
    total = sum(round(c["expected_usd"] * 100) for c in late) / 100
    lines = [
        f"{len(late)} claim{'' if len(late) == 1 else 's'} (${total:,.2f}) past their payer's "
        f"filing limit on "
        f"{imported.as_of}, given up as timely filing on day 0 (written off at the first "
        "write-off review):"
    ]
    for claim in late:
        sent = claim["sent_date"]
        how = "never sent" if sent is None else f"sent {sent}, after the limit"
        lines.append(
            f"  {claim['payer']}, service {claim['service_date']}, "
            f"${claim['expected_usd']:,.2f}, {how} ({limits[claim['payer']]} days)"
        )
    out.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


def _say_import(imported: ImportedClaims, out_path: Path) -> None:
    from sim.model.claim import AGING_BUCKETS, aging_bucket

    buckets = dict.fromkeys(AGING_BUCKETS, 0)
    unsent, unsent_cents = 0, 0
    for claim in imported.claims:
        cents = round(claim["expected_usd"] * 100)
        if claim["sent_date"] is None:
            unsent, unsent_cents = unsent + 1, unsent_cents + cents
        else:
            buckets[aging_bucket((imported.as_of - claim["service_date"]).days)] += cents
    aging = ", ".join(f"{name} ${cents / 100:,.2f}" for name, cents in buckets.items())
    lines = [
        f"read {imported.shape}; {imported.encoding}, {imported.delimiter}-separated",
        *(f"  {column} <- {source}" for column, source in imported.fed.items()),
        "  ignored: " + (", ".join(repr(c) for c in imported.ignored) or "no column"),
        f"as of {imported.as_of}: sent claims (A/R) ${sum(buckets.values()) / 100:,.2f} "
        f"({aging}); unsent {unsent} claims ${unsent_cents / 100:,.2f}; "
        f"{imported.skipped_rows} blank or total rows skipped",
    ]
    if imported.estimated:
        lines.append(
            f"note: the insurance estimate of {imported.estimated} claims is ESTIMATED from the "
            "billed amount and the base scenario's allowances and coverage, not read from the "
            "export"
        )
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    say_written(out_path)


def _columns_chosen(pairs: Sequence[str]) -> dict[str, str]:
    from sim.scenario.claims_import import layout

    columns = layout()["columns"]
    fields = list(columns)
    chosen = {}
    for text in pairs:
        name, sep, header = text.partition("=")
        name = name.strip()
        if not sep or name not in fields or (not header.strip() and columns[name]["required"]):
            optional = ", ".join(f for f in fields if not columns[f]["required"])
            raise UsageError(
                f"--column takes FIELD=HEADER with FIELD one of {', '.join(fields)} (or FIELD= "
                f"to leave an optional field unread: {optional}), got {text!r}"
            )
        chosen[name] = header.strip()
    return chosen


def _estimator(base: Scenario) -> Estimator:
    """The base scenario's coverage and fee schedule, as an estimate of a claim's insurance."""
    fees = {name: procedure.fee_usd.mean for name, procedure in base.practice.procedures.items()}
    return coverage_estimator(
        {p.name: p.coverage_share for p in base.payers},
        fees,
        {p.name: p.allowance_share for p in base.payers},
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def cmd_import_claims(args: argparse.Namespace) -> int:
    """Validate everything, then write CLIENT.yaml in one step (nothing written on error)."""
    if _same_file(args.file, args.out):
        raise UsageError(
            f"--out {args.out} is the export being read; write the client scenario to another file"
        )
    if args.out.exists() and not args.force:
        raise UsageError(f"{args.out} exists; give --force to replace it, or another --out")
    if args.out.suffix not in (".yaml", ".yml"):
        raise UsageError(f"--out must name a .yaml file, got {args.out}")
    try:
        as_of = read_date(args.as_of) if args.as_of else None
        if as_of is not None and as_of > date.today():
            raise UsageError(
                f"--as-of: {as_of} is after today ({date.today()}); give the date of the aging "
                "report, the day the export was taken"
            )
        as_of = parse_date(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None
    roots = [*args.allow_root, args.extends.resolve().parent]
    base = load_scenario(args.extends, roots)
    if args.out.resolve() in extends_chain(args.extends, allowed_roots(roots)):
        raise UsageError(
            f"--out {args.out} is a file the base scenario is built from (--extends or a file "
            "it extends); the client file extends them, so write it under another name"
        )
    options = ImportOptions(
        [p.name for p in base.payers],
        _payer_mapping(args.payer),
        as_of,
        _columns_chosen(args.column),
        _estimator(base) if args.estimate_from_billed else None,
    )
    imported = read_open_claims(args.file, options)
    text = _client_yaml(imported, args.extends, args.out)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        each = size / len(imported.claims)
        raise UsageError(
            f"{len(imported.claims):,} open claims make a client file of {size:,} bytes, over "
            f"the {MAX_FILE_BYTES:,}-byte limit every scenario file is read with (about "
            f"{int(MAX_FILE_BYTES / each):,} claims fit); nothing was written. Give the books "
            "as totals instead (opening.ar_usd by bucket and opening.unsubmitted_claims), or "
            "import the claims of fewer carriers"
        )
    merged = deep_merge(load_raw(args.extends, roots=roots), yaml.safe_load(text))
    merged.pop("extends", None)
    merged["name"] = _results_name(args.out.stem)
    scenario_from_raw(merged, str(args.out))
    write_file(args.out, text, args.force)
    _say_import(imported, args.out)
    _say_past_limit(imported, {p.name: p.timely_filing_days for p in base.payers})
    if not args.extends.resolve().is_relative_to(args.out.resolve().parent):
        err.print(
            f"note: {args.out} extends a file outside its folder; run it with "
            f"--allow-root {args.extends.resolve().parent}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    return 0
