"""What a replication reports: a row per day and the KPIs at the end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from statistics import fmean
from typing import TYPE_CHECKING

import simpy

from sim.model.calendar import MINUTES_PER_DAY, at
from sim.model.claim import ClaimState, WriteOffReason

if TYPE_CHECKING:
    from sim.model.office import Office

BUCKET_COLUMNS = {
    "0-30": "ar_usd_0_30",
    "31-60": "ar_usd_31_60",
    "61-90": "ar_usd_61_90",
    "90+": "ar_usd_90_plus",
}
REASONS = tuple(r.value for r in WriteOffReason)
DAYS_IN_AR_WINDOW = 90


def usd(cents: int | float) -> float:
    return round(cents / 100.0, 2)


class DailyRecorder:
    """Takes a snapshot of the office at the end of every day."""

    def __init__(self, env: simpy.Environment, office: Office) -> None:
        self.env = env
        self.office = office
        self.rows: list[dict[str, float | int | str]] = []
        self._busy = {w.name: 0.0 for w in office.workers}
        self._scheduled = {w.name: 0.0 for w in office.workers}
        self._overtime = {w.name: 0.0 for w in office.workers}
        self._cash = 0
        self._written_off = 0
        env.process(self._run())

    def _run(self) -> Iterator[simpy.Event]:
        for day in range(self.office.scenario.horizon_days):
            yield self.env.timeout(at(day, 23.999) - self.env.now)
            self.rows.append(self._snapshot(day))
            self.office.ledger.start_day()

    def _snapshot(self, day: int) -> dict[str, float | int | str]:
        office, ledger = self.office, self.office.ledger
        today = self.env.now / MINUTES_PER_DAY
        buckets, unsubmitted, unsubmitted_cents = ledger.open_totals(today)
        self._cash += ledger.cash_today_cents
        written_today = sum(ledger.written_off_today_cents.values())
        self._written_off += written_today
        row: dict[str, float | int | str] = {
            "day": day,
            "weekday": office.calendar.weekday(day),
            "unsubmitted_claims": unsubmitted,
            "unsubmitted_usd": usd(unsubmitted_cents),
            **{column: usd(buckets[name]) for name, column in BUCKET_COLUMNS.items()},
            "ar_usd": usd(sum(buckets.values())),
            "cash_usd": usd(ledger.cash_today_cents),
            "cumulative_cash_usd": usd(self._cash),
            **{f"written_off_usd.{r}": usd(ledger.written_off_today_cents[r]) for r in REASONS},
            "cumulative_written_off_usd": usd(self._written_off),
            "ic_items_waiting": len(office.queues["ic"]),
            "om_items_waiting": len(office.queues["om"]),
            "om_tasks_late_cumulative": office.om.counts.late,
            "interruptions_cumulative": sum(office.om.interruptions.values()),
        }
        for worker in office.workers:
            busy = worker.busy_minutes - self._busy[worker.name]
            scheduled = worker.scheduled_minutes - self._scheduled[worker.name]
            overtime = worker.overtime_minutes - self._overtime[worker.name]
            self._busy[worker.name] = worker.busy_minutes
            self._scheduled[worker.name] = worker.scheduled_minutes
            self._overtime[worker.name] = worker.overtime_minutes
            row[f"utilization.{worker.name}"] = round(busy / scheduled, 4) if scheduled else 0.0
            row[f"overtime_minutes.{worker.name}"] = round(overtime, 2)
        return row


def kpis(office: Office) -> dict[str, float]:
    """The end-of-horizon KPIs of one replication."""
    ledger, counts = office.ledger, office.desk.counts
    end = office.scenario.horizon_days
    today = office.env.now / MINUTES_PER_DAY
    open_claims = ledger.open_claims()
    by_state = Counter(c.state.value for c in open_claims)
    outstanding = sum(c.expected_cents for c in open_claims)
    buckets = ledger.ar_by_bucket(today)
    ar = sum(buckets.values())
    recent = sum(
        c.expected_cents for c in ledger.claims if c.service_day >= end - DAYS_IN_AR_WINDOW
    )
    daily_charges = recent / DAYS_IN_AR_WINDOW
    written_off = sum(ledger.written_off_cents.values())
    resolved = ledger.collected_cents + written_off
    result: dict[str, float] = {
        "visits": office.demand.visits_seen,
        "no_shows": office.demand.no_shows,
        "claims_created": len(ledger.claims),
        "claims_paid": ledger.paid_count,
        "claims_written_off": ledger.written_off_count,
        "claims_open": len(open_claims),
        **{
            f"claims_open.{s.value}": by_state.get(s.value, 0)
            for s in ClaimState
            if s.value not in ("paid", "written_off")
        },
        "insurance_expected_usd": usd(ledger.expected_cents),
        "collected_usd": usd(ledger.collected_cents),
        "written_off_usd": usd(written_off),
        **{f"written_off_usd.{r}": usd(ledger.written_off_cents[r]) for r in REASONS},
        "payer_adjustment_usd": usd(ledger.adjustment_cents),
        "outstanding_usd": usd(outstanding),
        "ar_usd_end": usd(ar),
        **{f"{column}_end": usd(buckets[name]) for name, column in BUCKET_COLUMNS.items()},
        "ar_over_90_share_end": buckets["90+"] / ar if ar else 0.0,
        "days_in_ar": ar / daily_charges if daily_charges else 0.0,
        "claim_lag_days_mean": fmean(counts.claim_lags) if counts.claim_lags else 0.0,
        "first_pass_acceptance_rate": counts.first_pass_ok / counts.first_decided
        if counts.first_decided
        else 0.0,
        "denial_rate": counts.first_denied / counts.first_decided if counts.first_decided else 0.0,
        "net_collection_rate": ledger.collected_cents / resolved if resolved else 0.0,
        "unsubmitted_claims_end": by_state.get("unsubmitted", 0),
        "verifications_missed": counts.verifications_missed,
        "predeterminations_missed": counts.predeterminations_missed,
        "estimates_missed": counts.estimates_missed,
        "follow_ups": counts.follow_ups,
        "resubmissions": counts.resubmissions,
        "appeals": counts.appeals,
        "appeals_won": counts.appeals_won,
        "om_tasks_done": office.om.counts.done,
        "om_tasks_late": office.om.late_at_end(office.env.now),
        "om_events": office.om.counts.events,
        "interruptions.om": office.om.interruptions["om"],
        "interruptions.ic": office.om.interruptions["ic"],
        "interruptions_unanswered.om": office.om.unanswered["om"],
        "interruptions_unanswered.ic": office.om.unanswered["ic"],
        **economics(office),
    }
    for worker in office.workers:
        scheduled = worker.scheduled_minutes
        result[f"utilization.{worker.name}"] = worker.busy_minutes / scheduled if scheduled else 0.0
        result[f"overtime_hours.{worker.name}"] = worker.overtime_minutes / 60.0
    return result


def economics(office: Office) -> dict[str, float]:
    """Staff cost, outside billing fees, the cost of cash tied up in A/R, and net cash after staffing."""
    money, service = office.scenario.economics, office.scenario.outsourcing
    staff = [w for w in office.workers if "billing_service" not in w.roles]
    staff_cents = sum(office.staff_cost_cents(w) for w in staff)
    via_service = sum(c.paid_cents for c in office.ledger.claims if c.via_service)
    counts = office.desk.counts
    fee_cents = round(via_service * service.fee_collections_share) + round(
        counts.service_claims * service.fee_per_claim_usd * 100
    )
    ar_days_usd = sum(float(row["ar_usd"]) for row in office.recorder.rows)
    turnover = office.turnover.counts if office.turnover else None
    replacement_cents = turnover.replacement_cents if turnover else 0
    return {
        "staff_cost_usd": usd(staff_cents),
        "overtime_hours": sum(w.overtime_minutes for w in staff) / 60.0,
        "collected_via_service_usd": usd(via_service),
        "outsourced_claims": counts.service_claims,
        "outsourced_within_service_level_share": (
            counts.service_within_level / counts.service_claims if counts.service_claims else 0.0
        ),
        "outsourcing_fee_usd": usd(fee_cents),
        "ar_carrying_cost_usd": round(ar_days_usd * money.late_cash_annual_rate_share / 365.0, 2),
        "quits": turnover.quits if turnover else 0,
        "vacancy_days": sum(w.vacant_shift_days for w in office.workers),
        "replacement_cost_usd": usd(replacement_cents),
        "net_collected_after_staffing_usd": usd(
            office.ledger.collected_cents - staff_cents - fee_cents - replacement_cents
        ),
    }
