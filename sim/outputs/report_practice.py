"""The practice and its assumptions as the report describes them: each scenario's workload
check, the practice in words, and the assumptions ranked by a sensitivity run."""

from __future__ import annotations

from collections.abc import Sequence

from sim.outputs.names import display_name, site_data
from sim.outputs.report_folder import Folder, settings
from sim.outputs.report_pairs import _choice, _date, display_names, pairs
from sim.outputs.text import number
from sim.scenario import keys as scenario_keys
from sim.scenario.roles import role_words
from sim.scenario.schema import Scenario
from sim.scenario.workload import (
    insurance_work_by_kind,
    person_loads,
    role_loads,
    unstaffed_roles,
    verdict,
)
from sim.study import relative_sensitivity, sensitivity
from sim.study.comparison import base_of


def _hours(minutes: float) -> str:
    """Hours a day as `twohats check` prints them."""
    return f"{minutes / 60:.1f}"


def workload(scenario: Scenario) -> dict:
    """The workload check of one scenario, in the numbers `twohats check` prints."""
    roles = [
        {
            "role": role_words(role),
            "tasks": _hours(load.task_minutes),
            "interruptions": _hours(load.interruption_minutes),
            "total": _hours(load.total_minutes),
        }
        for role, load in role_loads(scenario).items()
    ]
    people = [
        {
            "name": load.name.replace("_", " "),
            "roles": ", ".join(role_words(r) for r in load.roles)
            + (f"; {role_words(load.overflow_from)} overflow" if load.overflow_from else ""),
            "tasks": _hours(load.demand_minutes - load.interruption_minutes),
            "with_interruptions": _hours(load.demand_minutes),
            "paid": _hours(load.paid_minutes),
            "load": f"{load.share:.0%}",
            "verdict": verdict(load.share),
        }
        for load in person_loads(scenario)
    ]
    unstaffed = [role_words(r) for r in unstaffed_roles(scenario)]
    overloaded = [p["name"] for p in people if p["verdict"] == "cannot fit"]
    warning = ""
    if overloaded:
        warning = settings()["reading"]["workload_cannot_fit"].format(
            option=display_name(scenario), people=", ".join(overloaded)
        )
    kinds = [
        {"work": row.work, "hours": _hours(row.minutes), "share": f"{row.share:.0%}"}
        for row in insurance_work_by_kind(scenario)
    ]
    return {
        "name": display_name(scenario),
        "overloaded": overloaded,
        "roles": roles,
        "kinds": kinds,
        "people": people,
        "unstaffed": unstaffed,
        "warning": warning,
    }


def option(scenario: Scenario, base: str) -> dict:
    """An option in plain words: its display name, its description and who does what."""
    people = [
        {
            "name": p.name.replace("_", " "),
            "roles": ", ".join(role_words(r) for r in p.roles),
            "hours": f"{p.hours_per_day:g}",
            "wage": f"${p.hourly_cost_usd:,.2f}",
        }
        for p in scenario.staff
    ]
    return {
        "name": display_name(scenario),
        "current": scenario.name == base,
        "description": scenario.description,
        "people": people,
    }


def practice(scenario: Scenario) -> dict:
    """The client's practice as the current staffing's scenario describes it; its name is the
    scenario's `client` (never a file name)."""
    providers = [
        {"kind": g.kind, "count": g.count, "visits": f"{g.visits_per_day:g}"}
        for g in scenario.practice.providers
    ]
    booked = sum(g.count * g.visits_per_day for g in scenario.practice.providers)
    claims = scenario.opening.claims
    opening = None
    if claims:
        as_of = scenario.opening.as_of
        assert as_of is not None, "the schema requires opening.as_of with opening.claims"
        sent = [c for c in claims if c.sent_date is not None]
        opening = {
            "as_of": _date(as_of, 0),
            "claims": len(claims),
            "sent_usd": number("usd", sum(c.expected_usd for c in sent)),
            "unsent": len(claims) - len(sent),
            "unsent_usd": number("usd", sum(c.expected_usd for c in claims if c.sent_date is None)),
        }
    return {
        "name": scenario.client,
        "providers": providers,
        "booked": f"{booked:g}",
        "insured": f"{scenario.practice.insured_share:.0%}",
        "payers": len(scenario.payers),
        "horizon": scenario.horizon_days,
        "opening": opening,
    }


def subtitle(current: Scenario, options: int) -> str:
    """The line under the title: the practice (its name, providers and booked visits) and what
    is compared, never one option's own description."""
    counts: dict[str, int] = {}
    for group in current.practice.providers:
        counts[group.kind] = counts.get(group.kind, 0) + group.count
    providers = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n]
    booked = sum(g.count * g.visits_per_day for g in current.practice.providers)
    return settings()["subtitle"].format(
        practice=current.client or settings()["no_client"],
        providers=_listed(providers) if providers else settings()["no_providers"],
        booked=f"{booked:g}",
        others=settings()["other_options"][min(options - 1, 2)].format(count=options - 1),
        current=display_name(current),
    )


def _plain_value(value: object) -> str:
    """A scenario value in words: a distribution as `triangular: min 2, mode 4, max 8`."""
    if isinstance(value, dict):
        kind = value.get("dist")
        parts = ", ".join(f"{k} {_plain_value(v)}" for k, v in value.items() if k != "dist")
        return f"{kind}: {parts}" if kind else parts
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _unit_words(path: str, value: float) -> str:
    """A number in the unit its key names: 8% for a share, $34.00 for dollars, 12 days."""
    if path.endswith("_share"):
        return f"{value * 100:.3g}%"
    if path.endswith("_usd"):
        return f"${value:,.2f}" if value < 1000 else number("usd", value)
    for suffix, unit in (("_days", "days"), ("_minutes", "minutes"), ("_per_hour", "an hour")):
        if path.endswith(suffix):
            return f"{value:g} {unit}"
    return f"{value:g}"


def _value_words(path: str, value: object) -> str:
    """A scenario value in words, in its unit: a distribution as 'usually 4 minutes (2 to 8)'."""
    if isinstance(value, dict):
        kind = value.get("dist")
        give = {k: _unit_words(path, v) for k, v in value.items() if isinstance(v, int | float)}
        words = settings()["distribution_words"]
        if kind in words:
            return words[kind].format(**give)
        return _plain_value(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _unit_words(path, value)
    return _plain_value(value)


def _value_in_words(data: object, path: str) -> list[str]:
    """The scenario's value at an assumptions key in words; one line a payer or a person for
    a `payers[].x` or `staff[].x` key (the keys module walks the path)."""
    spots = scenario_keys.locate(data, path, missing_ok=True)
    last = path.rsplit(".", 1)[-1]
    if all(isinstance(step, scenario_keys.Name) for step in scenario_keys.parse(path)):
        return [_value_words(path, spot.value) for spot in spots[:1]]
    return [
        f"{spot.label.replace('_', ' ')}: {_value_words(last, spot.value)}"
        for spot in spots
        if spot.value is not None
    ]


def assumptions(scenario: Scenario) -> list[dict]:
    """The assumptions that may move the results most, in words: what each is, the
    scenario's value in its unit, the range it is tried over, how to pin it down, its basis
    and the titles of its sources (from the site's data), in report.yaml's order."""
    basis, sources = site_data("assumptions"), site_data("sources")
    data = scenario.model_dump(mode="json", by_alias=True)
    rows = []
    for item in settings()["assumptions"]:
        key = item["key"]
        entry = basis.get(key)
        if not isinstance(entry, dict):
            continue
        cited = [sources.get(s, {}) for s in entry.get("sources", [])]
        rows.append(
            {
                "key": key,
                "words": item["words"],
                "value": _value_in_words(data, key),
                "range": _range_words(data, key, item["range"]),
                "why": item["why"],
                "measure": item.get("measure", ""),
                "known": item.get("known", ""),
                "basis": entry.get("basis", ""),
                "text": " ".join(str(entry.get("text", "")).split()),
                "sources": [s.get("title", "") for s in cited if s.get("title")],
            }
        )
    return rows


def _range_words(data: object, key: str, factors: Sequence[float]) -> str:
    """The range an input is tried over: in its unit for one number, else as multiples."""
    words = settings()["measured"]
    low, high = (f"{f:g}" for f in factors)
    spots = scenario_keys.locate(data, key, missing_ok=True)
    value = spots[0].value if len(spots) == 1 else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return words["range_factors"].format(low_factor=low, high_factor=high)
    return words["range_values"].format(
        low=_unit_words(key, value * factors[0]),
        high=_unit_words(key, value * factors[1]),
        low_factor=low,
        high_factor=high,
        value_used=_unit_words(key, value),
    )


def sensitivity_plan(folder: Folder) -> tuple[list[Scenario], sensitivity.Inputs] | None:
    """What the assumptions section measures: the net benefit of the option page one rests
    on over the current staffing, with report.yaml's inputs as multiples of their own values
    (None when the comparison holds no net to measure)."""
    found = _choice(folder, pairs(folder))
    if found is None:
        return None
    pair = found[1]
    by_name = {s.name: s for s in folder.scenarios}
    ranges = {a["key"]: tuple(a["range"]) for a in settings()["assumptions"]}
    return [by_name[pair.option], by_name[pair.base]], relative_sensitivity.inputs(ranges)


def sensitivity_design() -> dict:
    """The Morris design of the assumptions section (trajectories and levels)."""
    return dict(settings()["sensitivity"])


def assumption_section(folder: Folder, measured: dict | None, trusted: bool) -> dict:
    """The assumptions that matter most: ranked by their measured effect on the net benefit
    of the option page one rests on over the current staffing, with what to measure first;
    unranked, and saying why, when nothing was measured. `trusted`: page one recommends on
    the money (the model reproduces the books); else it gives a direction only, and so does
    this section's word on whether an input can turn the answer round."""
    words, base = settings()["measured"], base_of(folder.scenarios)
    current = next(s for s in folder.scenarios if s.name == base)
    rows = assumptions(current)
    if measured is None:
        reason = "no_pair" if sensitivity_plan(folder) is None else "skipped"
        return {"rows": rows, "measured": False, "sentences": [words[reason]], "advice": []}
    shown = display_names(folder)
    option, other = (shown[name] for name in measured["options"])
    effects = {r["key"]: r for r in measured["inputs"]}
    rows = [row for row in rows if row["key"] in effects]
    for row in rows:
        effect = effects[row["key"]]
        row["rank"] = effect["rank"]
        row["effect"] = number("usd", effect["mu_star_usd"])
        row["interval"] = "\u00b1" + number("usd", effect["mu_star_conf_usd"])
        row["clear"] = effect["beyond_noise"]
        row["direction"] = _leaning(effect, option, other)
        if not row["clear"]:
            row["direction"] += "; " + words["within_noise"]
    rows.sort(key=lambda row: row["rank"])
    fill = {
        "option": option,
        "current": other,
        "days": current.horizon_days,
        **{k: measured[k] for k in ("settings", "trajectories", "replications", "seed")},
    }
    low, high = measured["benefit_low_usd"], measured["benefit_high_usd"]
    sentences = [
        words["intro"].format(**fill),
        words["span"].format(
            low=number("usd", low, signed=True), high=number("usd", high, signed=True), **fill
        ),
        words[("turns" if low < 0 < high else "holds") + ("" if trusted else "_direction")],
    ]
    return {"rows": rows, "measured": True, "sentences": sentences, "advice": _advice(rows, fill)}


def _leaning(effect: dict, option: str, other: str) -> str:
    """Which option a higher value favours, when the effects mostly lean one way."""
    words, lean = settings()["measured"], effect["mu_usd"] or 0.0
    if abs(lean) < 0.5 * (effect["mu_star_usd"] or 0.0) or lean == 0:
        return words["mixed"]
    return words["higher"].format(name=option if lean > 0 else other)


def _advice(rows: list[dict], fill: dict) -> list[str]:
    """What to measure in the office first: the input that can be measured there and moves
    the answer most beyond chance; first a word on a larger input that is known, not measured."""
    words = settings()["measured"]
    clear = [row for row in rows if row["clear"]]
    measurable = [row for row in rows if row["measure"]]
    advice = []
    if clear and not clear[0]["measure"]:
        top = clear[0]
        value = "; ".join(top["value"])
        advice.append(
            words["known_first"].format(words=top["words"], known=top["known"], value=value)
        )
    chosen = next((row for row in clear if row["measure"]), None)
    if chosen is not None:
        effect = f"{chosen['effect']} ({chosen['interval']})"
        how = _lower_first(chosen["measure"])
        advice.append(words["first"].format(words=chosen["words"], how=how, effect=effect))
    elif measurable:
        top = measurable[0]
        how = _lower_first(top["measure"])
        advice.append(words["none_clear"].format(words=top["words"], how=how, **fill))
    return advice


def _lower_first(text: str) -> str:
    return (text[:1].lower() + text[1:]).rstrip(".")


def _listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
