"""The assumptions page: every default of the scenario schema with its source or reasoning.

Each leaf field of the schema (the same list the scenario reference shows) gets one row:
its default value taken from `sim/scenario.py`, and either a sourced figure (title, URL,
tier) or the label **Assumption** with the reasoning. A field with no entry in `ENTRIES`
is shown as "not yet documented" and fails the site tests. The calibration and workload
numbers are read from the evidence runs, so they cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.schema import Scenario
from sim.site import evidence, reference
from sim.site.output import write_all

OUT_DIR = Path("docs/_snippets/generated")
UNDOCUMENTED = "not yet documented"


@dataclass(frozen=True)
class Source:
    """A cited page: its title, address and quality tier (A, B or C)."""

    title: str
    url: str
    tier: str
    vendor: bool = False

    def cite(self) -> str:
        """The citation as shown on the page; vendor pages are marked as such, never named."""
        if self.vendor:
            return (
                f'vendor web page, "{self.title}", <{self.url}> '
                "(tier C: a vendor claim, not a measurement)"
            )
        if self.tier == "C":
            return (
                f'web page, "{self.title}", <{self.url}> '
                "(tier C: trade or blog content, a claim rather than a measurement)"
            )
        return f'"{self.title}", <{self.url}> (tier {self.tier})'


S = {
    "iom": Source(
        "IOM 2011 report citing ADA survey data (National Academies Press record 13116, p.158)",
        "http://www.nap.edu/openbook.php?record_id=13116&page=158",
        "A/B",
    ),
    "patients_per_day": Source(
        "How many patients can a dentist see in a day",
        "https://iowxtnm.top/how-many-patients-can-a-dentist-see-in-a-day",
        "C",
        True,
    ),
    "hygienist_per_day": Source(
        "How many patients should a dental hygienist see per day",
        "https://www.teero.com/blog/how-many-patients-should-a-dental-hygienist-see-per-day",
        "C",
        True,
    ),
    "insurance_65": Source(
        "Avoiding Claim Delays and Denials (Dentistry Today, attributing the figure to an ADA survey)",
        "https://dentistrytoday.com/avoiding-claim-delays-and-denials",
        "C",
    ),
    "nadp": Source(
        "NADP research on dental coverage",
        "https://www.nadp.org/nadp-research-reveals-record-in-dental-coverage-for-americans/",
        "B",
    ),
    "dual_weak": Source(
        "Dental coordination of benefits guide",
        "https://dentalbillingassist.com/blog/posts/dental-coordination-of-benefits-guide",
        "C",
        True,
    ),
    "per_visit": Source(
        "The numbers that matter most to your dental practice",
        "https://blog.dentalintel.com/posts/the-numbers-that-matter-most-to-your-dental-practice",
        "C",
        True,
    ),
    "claim_value": Source(
        "Dental AR benchmarks 2026",
        "https://www.tryarceum.com/blog/dental-ar-benchmarks-2026",
        "C",
        True,
    ),
    "attachments": Source(
        "Narratives required by insurance agencies",
        "https://dev.frontofficerocks.com/documents/narratives-required-by-insurance-agencies/",
        "C",
        True,
    ),
    "predet_300": Source(
        "Pretreatment estimates (Delta Dental of Massachusetts)",
        "https://deltadentalma.com/members/your-dental-benefits/pretreatment-estimates",
        "A",
    ),
    "cda_cob": Source(
        "Coordination of benefits (California Dental Association)",
        "https://www.cda.org/Home/News-and-Information/Newsroom/Article-Details/category/coordination-of-benefits",
        "B",
    ),
    "nondup": Source(
        "What is an example of coordination of benefits in dental insurance",
        "https://www.zenefits.com/blog/what-is-an-example-of-coordination-of-benefits-in-dental-insurance/",
        "B",
    ),
    "metlife_10": Source(
        "MMC Benefits Handbook, Filing Claims (dental plan document)",
        "https://mmcbenefits-handbook.connect.mmc.com/Prod/CURR/mmc-2f0-dental-web-u.html",
        "A",
    ),
    "nedelta_15": Source(
        "Northeast Delta Dental service guarantees",
        "https://www.nedelta.com/Employers/Our-Service-Guarantees",
        "A",
    ),
    "prompt_pay": Source(
        "SDCL 58-12-20, time limits for processing clean claims",
        "https://casetext.com/statute/south-dakota-codified-laws/title-58-insurance/chapter-12-insurance-claims-and-benefits/section-58-12-20-time-limits-for-processing-clean-claims-time-limit-for-additional-information-required",
        "A",
    ),
    "medicaid_pay": Source(
        "42 CFR 447.45 timely claims payment (summary)",
        "https://namas.co/timely-claims-payment-prompt-pay/",
        "A",
    ),
    "lost_20": Source(
        "Why dental claims go missing",
        "https://www.needletailai.com/blog/best-practices/why-dental-claims-go-missing",
        "C",
        True,
    ),
    "ada_lost": Source(
        "Claims processing delays (ADA)",
        "http://ADA.org/resources/practice/dental-insurance/claims-processing-delays",
        "B",
    ),
    "denial_2025": Source(
        "Dental Claim Denial Rates in 2025",
        "https://elitedentalforce.com/pages/resources/articles/dental-claim-denial-rates-2025.html",
        "C",
        True,
    ),
    "kff_2023": Source(
        "Claims Denials and Appeals in ACA Marketplace Plans in 2023 (KFF)",
        "https://kff.org/private-insurance/issue-brief/claims-denials-and-appeals-in-aca-marketplace-plans-in-2023/amp",
        "B",
    ),
    "delta_late": Source(
        "Avoid Late Claim Submission (Delta Dental dentist guidance)",
        "https://deltadentalins.com/dentists/guidance/late-claim-submission.html",
        "A",
    ),
    "cigna_12": Source(
        "Cigna plan booklet (12-month filing limit)",
        "https://online.flippingbook.com/view/0631604/7",
        "A",
    ),
    "aetna_180": Source(
        "Dispute & Appeal Process Overview (Aetna Dental)",
        "https://www.aetnadental.com/professionals/dispute-appeal-process/overview.html",
        "A",
    ),
    "nedelta_appeal": Source(
        "Reconsideration/Appeal Process for Dental Offices (Northeast Delta Dental)",
        "https://nedelta.com/Providers/Consultant-s-Corner/Reconsideration-Appeal-Process-for-Dental-Offices",
        "A",
    ),
    "trdp_90": Source(
        "TRICARE Retiree Dental Program: submit an appeal",
        "http://trdp.org/retirees/submit-appeal.html",
        "A",
    ),
    "oig_75": Source(
        "OIG OEI-09-16-00410, Medicare Advantage appeal outcomes (NLM copy)",
        "https://digirepo.nlm.nih.gov/dr-webapp/ajaxp?theurl=http://localhost:8080/fedora/get/nlm:nlmuid-101738161-pdf/TXT",
        "A",
    ),
    "erisa_appeal": Source(
        "29 CFR 2560.503-1, Claims procedure: decisions on review (regulation text, 2004 edition)",
        "http://edocket.access.gpo.gov/cfr_2004/julqtr/29cfr2560.503-1.htm",
        "A",
    ),
    "dol_claims_faq": Source(
        "U.S. Department of Labor: FAQs about the benefit claims procedure regulation",
        "https://dol.gov/agencies/ebsa/about-ebsa/our-activities/resource-center/faqs/benefit-claims-procedure-regulation",
        "A",
    ),
    "caqh_2016": Source(
        "2016 CAQH Index Highlights: adoption, costs and savings of electronic claims",
        "https://www.caqh.org/about/newsletter/2017/2016-caqh-index-highlights-adoption-costs-and-savings-electronic-claims",
        "B",
    ),
    "verify_5_30": Source(
        "How long does it take to verify dental insurance?",
        "https://www.curvedental.com/blog/verifying-dental-insurance",
        "C",
        True,
    ),
    "verify_20": Source(
        "The 3-hour A/R drain most offices never fix",
        "https://www.theoperatoryhq.com/p/the-3-hour-a-r-drain-most-offices-never-fix",
        "C",
        True,
    ),
    "verify_90s": Source(
        "Insurance verification: the 90-second target",
        "https://www.revado.ai/blog/insurance-verification-90-second-target",
        "C",
        True,
    ),
    "posting": Source(
        "What is automated payment posting and how does it work",
        "https://www.teero.com/blog/what-is-automated-payment-posting-and-how-does-it-work",
        "C",
        True,
    ),
    "hold_45": Source(
        "The new normal of bad customer service",
        "https://apexteleserv.com/new-normal-bad-customer-service-light-end-tunnel",
        "C",
        True,
    ),
    "appeal_letter": Source(
        "Appeal letter drafting times",
        "https://textexpander.com/?p=385466",
        "C",
        True,
    ),
    "follow_30": Source(
        "Dental claims over 30 days are overdue",
        "https://asthedrillturns.com/dental-claims-over-30-days-are-overdue/",
        "C",
        True,
    ),
    "write_off_de": Source(
        "How, when and why to write off an account (Dental Economics, 1996)",
        "http://www.dentaleconomics.com/articles/print/volume-86/issue-11/features/how-when-and-why-to-write-off-an-account.html",
        "B",
    ),
    "mark_2008": Source(
        "Mark, Gudith & Klocke (CHI 2008), The Cost of Interrupted Work: More Speed and Stress",
        "https://www.semanticscholar.org/paper/The-cost-of-interrupted-work%3A-more-speed-and-stress-Mark-Gudith/b8da65570a3955db52b117b9bedd8f131316501d",
        "A",
    ),
    "mark_25": Source(
        "UCI ICS news: Quartz quoting Gloria Mark on 25 minutes to get back to a task",
        "https://ics.uci.edu/2018/09/10/quartz-there-are-two-ways-to-multitask-but-only-one-works-gloria-mark-cited/",
        "B",
    ),
    "westbrook": Source(
        "Westbrook et al., Arch Intern Med 2010: interruptions and medication errors",
        "https://jamanetwork.com/journals/jamainternalmedicine/fullarticle/415843",
        "A",
    ),
    "bls_secretaries": Source(
        "BLS OES May 2019, medical secretaries in offices of dentists (43-6013)",
        "https://www.bls.gov/oes/2019/may/oes436013.htm",
        "A",
    ),
    "bls_supervisors": Source(
        "BLS OES May 2020, first-line supervisors of office and administrative support (43-1011)",
        "https://www.bls.gov/oes/2020/may/oes431011.htm",
        "A",
    ),
    "dentalpost_hours": Source(
        "The Secret Life of the Dental Office Manager (DentalPost 2022 survey)",
        "https://dentalpost.net/dental-jobs/content/dental-office-manager-secret-life",
        "B",
    ),
    "tenure": Source(
        "Dental Abstracts 2016, summarising Farran (Dentaltown, April 2015) on staff tenure",
        "https://www.dentalabstracts.com/article/S0011-8486(15)00708-6/pdf",
        "B",
    ),
    "assistant_churn": Source(
        "What managers need to know about dental assistant turnover (DALE Foundation data)",
        "https://www.dentalmanagers.com/blog/what-managers-need-to-know-about-dental-assistant-turnover/",
        "B",
    ),
    "replacement_cost": Source(
        "Dental employee turnover can cost you big bucks",
        "https://actdental.com/blog/dental-employee-turnover-can-cost-you-big-bucks",
        "C",
        True,
    ),
    "outsourcing_fee": Source(
        "Outsourced dental billing fees",
        "https://dentalbillingaid.com/?p=3362",
        "C",
        True,
    ),
}


@dataclass(frozen=True)
class Entry:
    """How one default is justified: sourced figures, or an assumption with its reasoning."""

    text: str
    sources: tuple[str, ...] = ()
    assumption: bool = False


def A(text: str, *sources: str) -> Entry:  # noqa: N802
    """An assumption; sources, if any, are what it was anchored on."""
    return Entry(text, sources, assumption=True)


def F(text: str, *sources: str) -> Entry:  # noqa: N802
    """A default read from the cited figures."""
    return Entry(text, sources)


DURATION_NOTE = "Durations are what the work takes uninterrupted; interruptions add to them."

ENTRIES: dict[str, Entry] = {
    "name": A("Not a parameter: the results folder name, taken from the file name when left out."),
    "description": A("Not a parameter: free text."),
    "horizon_days": A("One simulated year, the horizon the model requirement sets as default."),
    "calendar.open_hour": A(
        "A 9-hour office day (8:00 to 17:00). Dentists average 35.9 hours a week over 47.5 "
        "weeks a year; staff shifts (8 hours) sit inside the opening hours.",
        "iom",
    ),
    "calendar.close_hour": A("See open hour.", "iom"),
    "calendar.working_days": A(
        "A Monday-to-Friday week, the common pattern; change it for 4-day offices."
    ),
    "calendar.start_weekday": A("Modelling convenience: day 0 is a Monday."),
    "calendar.holidays_days": A(
        "No public holidays by default; staff absences come from vacations and sick days."
    ),
    "practice.providers[].kind": A("Structural: dentists and hygienists book visits the same way."),
    "practice.providers[].count": A(
        "2 dentists and 1 hygienist by default: with the task times below, this is about as "
        "many insured visits as one full-time coordinator can serve (see the workload section "
        "for the measured numbers)."
    ),
    "practice.providers[].visits_per_day": F(
        "8 booked visits per provider per day, at the low end of the cited ranges "
        "(dentist 8 to 15 patients a day; hygienist 8 to 10).",
        "patients_per_day",
        "hygienist_per_day",
    ),
    "practice.no_show_share": A("8% of booked visits do not happen; no source was found."),
    "practice.same_day_share": A(
        "8% of visits are same-day (emergencies), with no time to verify coverage; no source found."
    ),
    "practice.booking_lead_days": A(
        "Most visits are booked about 10 days ahead, some up to two months (recall visits)."
    ),
    "practice.insured_share": F(
        "65% of visits are billed to insurance. National coverage is higher (83% to 88% of "
        "people have dental benefits), but not every covered visit is billed by the office.",
        "insurance_65",
        "nadp",
    ),
    "practice.dual_coverage_share": A(
        "12% of insured visits have a second plan. No authoritative figure was found; the "
        "only one (30% to 40%) is a weak vendor claim, so a lower value is used and should "
        "be tested as a sensitivity.",
        "dual_weak",
    ),
    "practice.growth_per_year_share": A("No growth by default, so the year is stationary."),
    "practice.seasonality_amplitude_share": A("No seasonality by default."),
    "practice.procedures.<class>.visit_share": A(
        "Preventive 55%, basic 30%, major 15% of insured visits; no source was found for the mix."
    ),
    "practice.procedures.<class>.fee_usd": A(
        "Lognormal fees with medians $180, $320 and $1,200. Anchored on illustrative figures of "
        "about $225 production per visit and a $450 average claim, both weak vendor examples.",
        "per_visit",
        "claim_value",
    ),
    "practice.procedures.<class>.attachment_share": A(
        "15% of basic and 80% of major claims need attachments (x-rays, narratives), about 16% "
        "of all claims. The procedures that need them are listed in the cited page; no share "
        "was found.",
        "attachments",
    ),
    "practice.procedures.<class>.predetermination_share": A(
        "60% of major work gets a predetermination. Payers recommend one for work over about "
        "$300; the share that offices actually request is assumed.",
        "predet_300",
    ),
    "practice.procedures.<class>.estimate_share": A(
        "60% of major work gets a written patient estimate; no source was found."
    ),
    "payers[].name": A("Labels only; no real payer is modelled."),
    "payers[].patient_share": A(
        "Two large PPO plans (35%, 25%), a regional plan (20%) and a state Medicaid plan (20%). "
        "Nationally about 37% of dental coverage is public; a practice's panel varies widely.",
        "nadp",
    ),
    "payers[].coverage_share": A(
        "The common 100/80/50 plan design (preventive, basic, major); Medicaid 100/100/60. "
        "The 80% basic share matches the cited standard-COB example.",
        "cda_cob",
    ),
    "payers[].payment_share": A(
        "Payers pay 97% of the expected amount; the rest is a payer adjustment (fee schedule "
        "differences, frequency limits). No source was found."
    ),
    "payers[].adjudication_days": F(
        "Lognormal, median 12 and 90th percentile 28 calendar days for the PPO plans; slower "
        "for the regional plan (16/35) and Medicaid (18/40). Cited: about 10 business days "
        "to process; 90% of clean claims within 15 calendar days; state prompt-pay limits of "
        "30 days (electronic); Medicaid 90% within 30 days.",
        "metlife_10",
        "nedelta_15",
        "prompt_pay",
        "medicaid_pay",
    ),
    "payers[].lost_share": A(
        "3% of submissions are never answered until someone follows up. No authoritative "
        "figure exists; lost claims are a frequent complaint, and one vendor's 20% also counts "
        "delayed and unworked claims.",
        "ada_lost",
        "lost_20",
    ),
    "payers[].clinical_denial_share": A(
        "3% of correct, verified claims are denied for coverage reasons. Together with the "
        "error and verification terms this gives a first-submission denial rate in the cited "
        "dental range of 6% to 12% (measured below).",
        "denial_2025",
        "kff_2023",
    ),
    "payers[].unverified_denial_share": A(
        "A claim whose eligibility was not checked has a 12% extra chance of denial. Chosen so "
        "that practices without checks land in the higher vendor-cited range (17% to 30%).",
        "denial_2025",
    ),
    "payers[].no_predetermination_denial_share": A(
        "Major work done without the predetermination it needed is denied 25% of the time; "
        "no source was found."
    ),
    "payers[].timely_filing_days": F(
        "365 days for the commercial plans: the cited payers accept claims for 12 months "
        "after service. 180 days for the state Medicaid plan, an assumption inside the cited "
        "range (12 months federal maximum, 90 days in some state programs).",
        "delta_late",
        "cigna_12",
        "medicaid_pay",
    ),
    "payers[].appeal_window_days": F(
        "180 days for the commercial plans (cited: 180 days; 6 months). 90 days for Medicaid, "
        "matching the shortest cited dental appeal window.",
        "aetna_180",
        "nedelta_appeal",
        "trdp_90",
    ),
    "payers[].appeal_overturn_share": F(
        "Half of appeals succeed, between the cited 44% (ACA Marketplace) and 75% (Medicare "
        "Advantage).",
        "kff_2023",
        "oig_75",
    ),
    "payers[].appeal_decision_days": F(
        "Triangular 15 / 30 / 45 days. For an employer plan, the federal claims rule gives the "
        "plan 60 days to decide an appeal of a post-service claim, or 30 days at each level "
        "where it has two levels (the 30 + 15 days are for the first decision, not appeals). "
        "The default centres on one 30-day level and stays inside 60. Provider disputes "
        "under a network contract fall outside that rule; the contract sets their timeline.",
        "erisa_appeal",
        "dol_claims_faq",
        "aetna_180",
    ),
    "payers[].cob_method": F(
        "Standard COB for most plans; one large plan uses non-duplication, to exercise both "
        "methods. Which plans use which is assumed.",
        "cda_cob",
        "nondup",
    ),
    "ic_work.verification_window_days": A("Verification starts the working day before the visit."),
    "ic_work.verification_electronic_share": A(
        "80% of checks are done by portal or electronic inquiry. One vendor page says about "
        "70% of practices still verify by phone; the share varies by office and should be "
        "tested as a sensitivity.",
        "verify_20",
    ),
    "ic_work.verification_electronic_minutes": F(
        "Triangular 1 / 2 / 5 minutes: the cited target is about 90 seconds per patient; "
        "electronic transactions take about 6 minutes in medical offices.",
        "verify_90s",
        "caqh_2016",
    ),
    "ic_work.verification_manual_minutes": F(
        "Lognormal, median 12 and 90th percentile 25 minutes. Cited: 8 minutes on average and "
        "up to 30 per manual transaction (medical); 5 to 30 minutes and about 20 minutes per "
        "dental verification.",
        "caqh_2016",
        "verify_5_30",
        "verify_20",
    ),
    "ic_work.predetermination_minutes": F(
        "Triangular 6 / 10 / 20 minutes, between the cited 6 minutes (electronic) and 20 "
        "minutes (manual) for a prior authorization.",
        "caqh_2016",
    ),
    "ic_work.estimate_minutes": A("Triangular 5 / 10 / 20 minutes; no source was found."),
    "ic_work.claim_minutes": A(
        "Triangular 2 / 4 / 8 minutes to create and send an electronic claim; no direct source "
        "was found. " + DURATION_NOTE
    ),
    "ic_work.attachment_extra_minutes": A(
        "Triangular 5 / 7 / 10 extra minutes to scan, label and attach; no direct source."
    ),
    "ic_work.posting_simple_minutes": F(
        "Triangular 3 / 4 / 5 minutes per simple EOB or ERA, the cited manual range.", "posting"
    ),
    "ic_work.posting_complex_minutes": F(
        "Triangular 8 / 10 / 12 minutes per complex EOB (COB, partial payment), the cited range.",
        "posting",
    ),
    "ic_work.follow_up_minutes": A(
        "Lognormal, median 15 and 90th percentile 35 minutes, holds included. Cited phone holds "
        "reach 45 minutes.",
        "hold_45",
    ),
    "ic_work.resubmission_minutes": F(
        "Triangular 10 / 15 / 25 minutes; the cited rework time is about 15 minutes per denial.",
        "claim_value",
    ),
    "ic_work.appeal_minutes": F(
        "Triangular 50 / 60 / 70 minutes, the cited 50 to 70 minutes per appeal letter.",
        "appeal_letter",
    ),
    "ic_work.claim_error_share": A(
        "4% of uninterrupted claims go out with an error (and are denied, then corrected). "
        "Chosen with the denial terms to land the measured denial rate in the cited range."
    ),
    "ic_work.interruptions_per_hour": A(
        "0.4 an hour (about three a day): a separate coordinator away from the front desk is interrupted far less "
        "than the manager (patients asking about estimates, payer call-backs). Set together with the task times "
        "so that the separate coordinator lands inside the 65-90% utilisation band."
    ),
    "ic_work.interruption_minutes": A("Exponential, mean 3 minutes."),
    "om_work.interruptions_per_hour": A(
        "4 an hour (one every 15 minutes) for the reference practice, 2.5 for the small one. "
        "Office workers are interrupted or switch tasks about every 3 minutes; a manager's "
        "interruptions that need action are assumed to be rarer.",
        "mark_2008",
    ),
    "om_work.interruption_minutes": A("Exponential, mean 4 minutes."),
    "om_work.duties[].name": A(
        "Daily huddle, schedule review and deposit; weekly payroll, staff meeting and supply "
        "ordering; monthly reports and HR administration: the recurring office-manager duties "
        "in the role description. Their times are assumptions."
    ),
    "om_work.duties[].every": A("See duty name."),
    "om_work.duties[].minutes": A(
        "Triangular times per duty, from 15 minutes (huddle) to 4 hours (monthly reports); "
        "no source was found."
    ),
    "om_work.duties[].release_hour": A("When each duty can start (usually opening time)."),
    "om_work.duties[].due_hour": A("When each duty is late: huddle before 8:45, deposit by close."),
    "om_work.duties[].weekday": A("Weekly duties are spread over Tuesday to Thursday."),
    "om_work.duties[].month_day": A("Monthly reports on working day 3, HR on working day 10."),
    "om_work.duties[].due_days_later": A("Monthly duties get 2 to 3 working days."),
    "om_work.duties[].interruptible": A("The huddle and staff meeting hold off interruptions."),
    "om_work.events[].name": A(
        "Equipment failure, a staff call-out that needs the schedule reworked, a patient complaint."
    ),
    "om_work.events[].per_month": A("1, 2 and 3 a month respectively; no source was found."),
    "om_work.events[].minutes": A("Triangular times of 15 minutes to 2 hours."),
    "interruptions.resumption_simple_minutes": A(
        "Triangular 2 / 3 / 5 minutes to get back into a short clerical task.",
        "mark_2008",
    ),
    "interruptions.resumption_complex_minutes": A(
        "Triangular 10 / 15 / 25 minutes for complex work (appeals, follow-ups). The widely "
        "quoted 23 to 25 minutes comes from interviews, not published papers, so it is used "
        "as the upper end.",
        "mark_25",
    ),
    "interruptions.error_increase_per_interruption_share": F(
        "Each interruption raises a task's error chance by 12.7% (relative), the cited rise in "
        "clinical errors per interruption in nursing.",
        "westbrook",
    ),
    "staff[].name": A("Set in each scenario."),
    "staff[].roles": A("Set in each scenario."),
    "staff[].working_days": A("Full-time, Monday to Friday."),
    "staff[].start_hour": A("Shifts start when the office opens."),
    "staff[].hours_per_day": F(
        "8-hour shifts (40 hours a week); 43% of office managers work 36 to 40 hours a week.",
        "dentalpost_hours",
    ),
    "staff[].hourly_cost_usd": F(
        "$25 when a scenario does not say. The bundled scenarios use $21 for the coordinator "
        "(mean $20.01 for secretaries in dentist offices) and $34 for the manager (mean $29.81 "
        "for office supervisors, rounded up for a manager).",
        "bls_secretaries",
        "bls_supervisors",
    ),
    "staff[].speed_factor": A(
        "Everyone works at the stated task times unless a scenario says otherwise."
    ),
    "staff[].error_factor": A(
        "Everyone has the stated error chances unless a scenario says otherwise."
    ),
    "staff[].overtime_minutes_per_day": A(
        "No planned overtime; a task in hand is still finished after the shift ends."
    ),
    "staff[].vacation_weeks_per_year": A("Two weeks of vacation a year."),
    "staff[].sick_days_per_year": A("Four sick days a year."),
    "staff[].discipline": A(
        "Office work first: what happens without a rule, since interruptions and due times "
        "press harder than a claim queue."
    ),
    "staff[].protected_blocks[].start_hour": A("Set in each scenario that protects time."),
    "staff[].protected_blocks[].hours": A("Set in each scenario that protects time."),
    "staff[].ic_split_share": A("Half the shift when a fixed split is chosen."),
    "policy.follow_up_age_days": F(
        "Unpaid claims are followed up at 30 days, the cited practice norm.", "follow_30"
    ),
    "policy.follow_up_cadence_days": A("Repeated every 21 days, inside the usual 14 to 30."),
    "policy.appeal_threshold_usd": A("Denials under $50 are not worth an hour's appeal."),
    "policy.write_off_after_days": F(
        "Open claims are written off at 365 days, when the commercial timely-filing limit "
        "has passed. Practices vary widely in when they write off.",
        "delta_late",
        "write_off_de",
    ),
    "opening.unsubmitted_claims": A("The study starts from an empty office (no backlog)."),
    "opening.ar_usd": A("The study starts with no A/R; the first weeks are a warm-up."),
    "economics.employer_loading_share": A(
        "Payroll taxes and benefits add 28% to the base wage (a 1.25 to 1.3 loading is usual)."
    ),
    "economics.overtime_premium_share": A("Overtime is paid at time and a half."),
    "economics.late_cash_annual_rate_share": A(
        "Money tied up in A/R costs 8% a year (financing or forgone return)."
    ),
    "turnover.enabled": A("Off by default, so the main comparisons show workload effects alone."),
    "turnover.baseline_quit_per_month_share": F(
        "2.8% a month, about a 3-year average tenure for dental staff.", "tenure"
    ),
    "turnover.overload_threshold_share": A(
        "Overload counts above 85% utilisation in a month, the load the calibration targets "
        "as the top of a sustainable range."
    ),
    "turnover.overload_sensitivity": A(
        "Full overload doubles the chance of quitting; no source was found for the size of "
        "the effect, only qualitative reports that overload drives turnover."
    ),
    "turnover.hiring_delay_days": F(
        "60 days vacant after a quit; hiring and training a dental assistant takes about "
        "5 months, a front-office post is assumed quicker to fill.",
        "assistant_churn",
    ),
    "turnover.ramp_up_weeks": A("Eight weeks to full speed for a new hire."),
    "turnover.ramp_up_speed_factor": A("A new hire starts 50% slower."),
    "turnover.ramp_up_error_factor": A("A new hire starts with twice the error chance."),
    "turnover.replacement_cost_salary_share": F(
        "Half a year's salary per replacement, the low end of the cited 0.5 to 2 times salary.",
        "replacement_cost",
    ),
    "outsourcing.fee_collections_share": F(
        "7% of insurance collections, inside the cited 6% to 10%.", "outsourcing_fee"
    ),
    "outsourcing.fee_per_claim_usd": F(
        "No per-claim fee by default; the cited alternative is $15 to $25 a claim.",
        "outsourcing_fee",
    ),
    "outsourcing.service_level_business_days": A(
        "Claims out within 2 business days of the visit, a typical promise."
    ),
    "outsourcing.kinds": A(
        "The service takes claims, posting, denials, appeals and follow-up; verification, "
        "predeterminations and estimates stay in the office because they are tied to the "
        "schedule and the patient."
    ),
}


# --------------------------------------------------------------------------- defaults


def _default_scenario() -> dict[str, Any]:
    return Scenario(staff=[]).model_dump(mode="json", by_alias=True)


def _values_along(data: Any, parts: list[str], label: str = "") -> list[tuple[str, Any]]:
    """Follow a key path through the default scenario, fanning out over lists and maps."""
    if not parts:
        return [(label, data)]
    head, rest = parts[0], parts[1:]
    if head == "<class>":
        found = []
        for key, value in (data or {}).items():
            found += _values_along(value, rest, key)
        return found
    if head.endswith("[]"):
        items = (data or {}).get(head[:-2]) or []
        found = []
        for i, item in enumerate(items):
            name = item.get("name") or item.get("kind") or str(i + 1)
            found += _values_along(item, rest, str(name))
        return found
    if not isinstance(data, dict) or head not in data:
        return []
    return _values_along(data[head], rest, label)


def default_text(leaf: reference.Leaf, scenario: dict[str, Any]) -> str:
    """The default as it applies: per item for the default lists, else the field default."""
    values = _values_along(scenario, leaf.path.split("."))
    if not values:
        return reference.show(reference.default_value(leaf))
    if len(values) == 1 and values[0][0] == "":
        return reference.show(values[0][1])
    groups: dict[str, list[str]] = {}
    for label, value in values:
        groups.setdefault(reference.show(value), []).append(label)
    if len(groups) == 1:
        return f"all: {next(iter(groups))}"
    return "; ".join(f"{', '.join(labels)}: {shown}" for shown, labels in groups.items())


# --------------------------------------------------------------------------- rendering


def _basis(entry: Entry | None) -> str:
    if entry is None:
        return f"**{UNDOCUMENTED}**"
    head = "**Assumption.** " if entry.assumption else "**Source.** "
    cites = "; ".join(S[s].cite() for s in entry.sources)
    if cites:
        cites = (" Anchored on: " if entry.assumption else " ") + cites + "."
    return head + entry.text + cites


def defaults_table() -> str:
    """Every leaf field with its default and its basis, grouped by section."""
    scenario = _default_scenario()
    out: list[str] = []
    current = None
    for leaf in reference.leaves():
        section = reference.section_of(leaf.path)
        if section != current:
            current = section
            title = "Top-level keys" if section == "(top level)" else f"`{section}`"
            out += ["", f"### {title}", "", "| Key | Default | Basis |", "|---|---|---|"]
        basis = _basis(ENTRIES.get(leaf.path)).replace("|", "\\|")
        shown = default_text(leaf, scenario).replace("|", "\\|")
        out.append(
            f'| <span id="{reference.anchor(leaf.path)}"></span>`{leaf.path}` | {shown} | {basis} |'
        )
    return "\n".join(out).lstrip("\n") + "\n"


def sources_list() -> str:
    """Every cited page once, in citation order."""
    used = []
    for entry in ENTRIES.values():
        used += [s for s in entry.sources if s not in used]
    return "\n".join(f"- {S[s].cite()}" for s in used) + "\n"


def _comment_block(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values of a nested mapping by dotted key (lists kept whole)."""
    if isinstance(data, dict) and "dist" not in data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): data}


def _setting_lines(key: str, value: Any) -> list[str]:
    """One bullet per setting; a list of sections (staff) gets one sub-bullet per item."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"- `{key}`:", *(f"    - {reference.show(v)}" for v in value)]
    return [f"- `{key}`: {reference.show(value)}"]


def scenario_files(root: Path) -> str:
    """Each bundled scenario: its comment block and every value it sets itself."""
    out = []
    for path in sorted((root / "scenarios").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out += [f"#### `scenarios/{path.name}`", "", _comment_block(path), ""]
        for key, value in _flat(raw).items():
            out += _setting_lines(key, value)
        out.append("")
    return "\n".join(out)


def calibration(data: dict[str, Any]) -> str:
    """Measured values in reference-separate against the target ranges."""
    kpis = data["groups"]["reference"]["kpis"]["reference-separate"]
    rows = [
        (
            "utilization.insurance_coordinator",
            "Coordinator's utilisation",
            "65% to 90%",
            0.65,
            0.90,
        ),
        ("days_in_ar", "Days in A/R", "18 to 45", 18, 45),
        ("ar_over_90_share_end", "Share of A/R over 90 days", "under 15%", 0, 0.15),
        ("denial_rate", "First-submission denial rate", "5% to 12%", 0.05, 0.12),
    ]
    lines = [
        "| Measure | Target | Measured mean (95% CI) | Inside the target? |",
        "|---|---|---|---|",
    ]
    for key, label, target, low, high in rows:
        entry = kpis[key]
        inside = "yes" if low <= entry["mean"] <= high else "**no**"
        lines.append(
            f"| {label} | {target} | {evidence.mean_ci(entry, evidence.kind_of(key))} | {inside} |"
        )
    return "\n".join(lines) + "\n"


def workload(data: dict[str, Any]) -> str:
    """Visits and coordinator hours per day: why the reference practice is 2 + 1."""
    ref = data["groups"]["reference"]["workload"]["reference-separate"]
    small = data["groups"]["small"]["workload"]["small-separate"]
    util = data["groups"]["reference"]["kpis"]["reference-separate"]
    ic_util = util["utilization.insurance_coordinator"]["mean"]
    busy = ref["busy_hours_per_day.insurance_coordinator"]
    insured = ref["insured_visits_per_day"]
    minutes_per_visit = busy * 60 / insured
    at_85 = 0.85 * 8 * 60 / minutes_per_visit
    bigger = insured * 32 / 24
    need = bigger * minutes_per_visit / (8 * 60)
    rows = [
        ("Visits seen per open day", small["visits_per_day"], ref["visits_per_day"], "{:.1f}"),
        ("Insured visits per open day", small["insured_visits_per_day"], insured, "{:.1f}"),
        (
            "Claims created per open day (secondary claims included)",
            small["claims_per_day"],
            ref["claims_per_day"],
            "{:.1f}",
        ),
        (
            "Coordinator's busy hours per open day",
            small["busy_hours_per_day.insurance_coordinator"],
            busy,
            "{:.1f}",
        ),
    ]
    lines = ["| Measure | small-separate | reference-separate |", "|---|---:|---:|"]
    for label, a, b, pattern in rows:
        lines.append(f"| {label} | {pattern.format(a)} | {pattern.format(b)} |")
    lines += [
        "",
        f"In `reference-separate` the coordinator spends about {minutes_per_visit:.0f} minutes "
        f"of work per insured visit (busy time over the year divided by insured visits: "
        f"verification, claims, posting, follow-up, denials and appeals together), and is busy "
        f"{ic_util * 100:.1f}% of the shift. At 85% of an 8-hour day that is about "
        f"{at_85:.1f} insured visits a day for one full-time coordinator. A practice with 2 "
        f"dentists and 2 hygienists (32 booked visits a day instead of 24) would bring about "
        f"{bigger:.1f} insured visits a day, about {need * 100:.0f}% of one coordinator's "
        "day before any interruption or absence: more than one person can carry. That is "
        "why the reference practice is 2 dentists and 1 hygienist.",
        "",
    ]
    return "\n".join(lines)


def render(root: Path) -> dict[str, str]:
    """Every generated fragment of the assumptions page."""
    data = evidence.load(root)
    return {
        "assumptions-defaults.md": defaults_table(),
        "assumptions-sources.md": sources_list(),
        "assumptions-scenarios.md": scenario_files(root),
        "assumptions-calibration.md": calibration(data),
        "assumptions-workload.md": workload(data),
    }


def generate(root: Path) -> list[Path]:
    """Write the assumptions fragments that changed."""
    return write_all(root / OUT_DIR, render(root))
