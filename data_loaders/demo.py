"""Illustrative demo workbooks for the two Brussels ERDF programmes.

``python -m data_loaders.demo [--out data/demo]`` writes ``erdf-2014-2020.xlsx``
and ``erdf-2021-2027.xlsx``. The data is deterministic (fixed seed, no clock)
and built on the public figures of docs/DOMAIN.md, but every project amount,
date and most project names are **illustrative**, not real figures.

Both workbooks are extracted on 30/11/2023 (the November reporting cut-off):
- 2014-2020 (closing): about 200 M€ over 4 priority axes + technical
  assistance, 61 projects + 3 financial instruments, commitment close to 100 %
  and consumption (paid / allocation) around 93.5 %, just under the 95 % line;
- 2021-2027 (starting): 288 M€ over the 9 specific objectives, the 18 calls of
  2023, selections from June 2023 and a commitment rate of about 58 %, just
  under the 60 % line, with few payments (advances), and the optional Tranches,
  Prefinancing and Claims sheets (so that its decommitment figures are the
  regulation's calculation, while 2014-2020 shows the estimate).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from i18n import texts

from .writer import write_workbook

SEED = 20231130
AS_OF = date(2023, 11, 30)
FILE_NAMES = {"2014-2020": "erdf-2014-2020.xlsx", "2021-2027": "erdf-2021-2027.xlsx"}
NOTE = (
    "Illustrative demo data: programme structure and headline figures follow public reports; "
    "project amounts, dates and most project names are invented."
)

POSTCODES = (
    "1000",
    "1020",
    "1030",
    "1040",
    "1050",
    "1060",
    "1070",
    "1080",
    "1081",
    "1082",
    "1083",
    "1090",
    "1120",
    "1130",
    "1140",
    "1150",
    "1160",
    "1170",
    "1180",
    "1190",
    "1200",
    "1210",
)


# --------------------------------------------------------------------------- helpers


def _cents(x: float) -> float:
    return round(x + 0.0, 2)


def split_amount(rng: random.Random, total: float, n: int, spread: float = 0.6) -> list[float]:
    """``total`` split into ``n`` positive amounts (to the cent) that add up exactly."""
    weights = [1 + spread * (rng.random() * 2 - 1) for _ in range(n)]
    s = sum(weights)
    parts = [_cents(total * w / s) for w in weights]
    parts[-1] = _cents(total - sum(parts[:-1]))
    return parts


def _day(rng: random.Random, start: date, end: date) -> date:
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(span, 0)))


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    days = [31, 29 if (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return date(y, m, min(d.day, days[m - 1]))


@dataclass
class _Project:
    project_id: str
    name: str
    beneficiary: str
    objective_code: str
    call_id: str
    grant: float  # eu + regional
    eu_share: float
    selection_date: date
    agreement_date: date | None
    start_date: date
    end_date: date
    status: str = "ongoing"
    cost_factor: float = 1.0
    postcode: str = "1000"
    paid_target: float = 0.0  # fraction of the grant paid by AS_OF (ongoing projects)
    spent: float = 1.0  # fraction of the grant finally spent (closed projects)
    extra_commitments: list[tuple[date, float]] = field(default_factory=list)  # (date, amount)
    cancel_date: date | None = None
    initial: float | None = None  # first commitment when later top-ups follow (REACT-EU)

    def row(self) -> dict[str, Any]:
        eu = _cents(self.grant * self.eu_share)
        return {
            "project_id": self.project_id,
            "name": self.name,
            "beneficiary": self.beneficiary,
            "objective_code": self.objective_code,
            "call_id": self.call_id,
            "stage": self.status,
            "selection_date": self.selection_date,
            "agreement_date": self.agreement_date,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "total_cost": _cents(self.grant * self.cost_factor),
            "eu_amount": eu,
            "regional_amount": _cents(self.grant - eu),
            "postcode": self.postcode,
        }


# --------------------------------------------------------------------------- 2014-2020

AXES_1420 = (
    (
        "1",
        "Renforcer la recherche, le développement technologique et l'innovation",
        "Versterken van onderzoek, technologische ontwikkeling en innovatie",
        "Research, technological development and innovation",
        46_500_000.00,
    ),
    (
        "2",
        "Renforcer l'entrepreneuriat et la compétitivité des PME (dont REACT-EU)",
        "Ondernemerschap en concurrentievermogen van kmo's versterken (incl. REACT-EU)",
        "Entrepreneurship and SME competitiveness (incl. REACT-EU)",
        46_120_206.00,
    ),
    (
        "3",
        "Économie circulaire et utilisation rationnelle des ressources",
        "Circulaire economie en rationeel gebruik van hulpbronnen",
        "Circular economy and rational use of resources",
        57_000_000.00,
    ),
    (
        "4",
        "Améliorer le cadre de vie des quartiers et des populations fragilisés (dualisation)",
        "Verbeteren van de leefomgeving van kwetsbare wijken en bevolkingsgroepen (dualisering)",
        "Quality of life in fragile neighbourhoods (social and territorial dualisation)",
        42_500_000.00,
    ),
    ("TA", "Assistance technique", "Technische bijstand", "Technical assistance", 8_000_000.00),
)
REACT_EU = 6_120_206.00
#: the programme version that added REACT-EU to axis 2 (a Budget row "valid from" this day)
REACT_EU_FROM = date(2021, 6, 15)
#: the 2021-2027 programme version of the 2025 mid-term review (Reg. (EU) 2025/1914), illustrative: 6 M€ moved
#: from SO 1.2 (digitisation) to SO 4.3 (housing, one of the review's new priorities); the total stays 288 M€
MID_TERM_REVIEW = date(2025, 12, 1)
MID_TERM_SHIFTS = {"1.2": -6_000_000.00, "4.3": 6_000_000.00}

NAMES_1420 = {
    "1": [
        "ICITY-RDI.BRU",
        "MEDIAPARK",
        "UZ Brussel patient record",
        "Usquare",
        "City-Labs",
        "TRIAXES",
        "iMAL",
        "Brussels Health Campus R&D",
        "Living Lab Énergie",
        "Data Science Hub",
        "Robotics for Care",
    ],
    "2": [
        "Dev'Up Team",
        "Bellevue4Starters",
        "COOPCITY",
        "Manufakture",
        "Frame",
        "Libelco",
        "Greenbizz Incubator",
        "Brussels Food Hub",
        "Atelier des métiers",
        "Start-up Village Anderlecht",
        "Creative Hub Molenbeek",
        "Made in Brussels Export",
        "Kanal Craft Centre",
    ],
    "3a": [
        "BBSM",
        "L[ag]UM",
        "Recypark",
        "Circular Building Lab",
        "Brussels Reuse Centre",
        "Urban Farming Hub",
        "Eco-Design Network",
        "Wood Loop",
        "Textile Circuit",
        "Compost City",
        "Rainwater Valley",
        "Materials Bank",
    ],
    "3b": [
        "VUB swimming pool",
        "crèche Altaïr",
        "École 17 rénovation énergétique",
        "Maison communale Forest",
        "Piscine Victor Boin",
        "Bibliothèque Saint-Josse",
        "Centre sportif Neder-Over-Heembeek",
        "Académie de musique Uccle",
        "Hôtel communal Evere",
        "Crèche Les Lutins",
        "Athénée royal Schaerbeek",
        "Centre culturel Jette",
    ],
    "4": [
        "Bourse/Beurs",
        "Hippodrome de Boitsfort",
        "Masui4Ever",
        "Brussels Cruise Terminal",
        "Véloroute",
        "CycloParking",
        "Parc de la Senne",
        "Abattoir Cureghem",
        "Maison de quartier Peterbos",
        "Quai des Matériaux",
        "Jardins du Midi",
        "Centre de jeunes Marolles",
        "Place Liedts",
    ],
}
BENEFICIARIES_1420 = {
    "1": [
        "Université libre de Bruxelles (ULB)",
        "Vrije Universiteit Brussel (VUB)",
        "innoviris.brussels",
        "UZ Brussel",
        "Haute École Bruxelles-Brabant",
        "Erasmushogeschool Brussel",
    ],
    "2": [
        "hub.brussels",
        "citydev.brussels",
        "Groupe One asbl",
        "Coopcity asbl",
        "Commune d'Anderlecht",
        "Commune de Molenbeek-Saint-Jean",
    ],
    "3a": [
        "Bruxelles Environnement",
        "Bruxelles-Propreté",
        "Port de Bruxelles",
        "citydev.brussels",
        "Commune de Forest",
        "Urban Ecology asbl",
    ],
    "3b": [
        "Vrije Universiteit Brussel (VUB)",
        "Commune d'Uccle",
        "Commune de Schaerbeek",
        "Commune d'Evere",
        "Ville de Bruxelles",
        "Commune de Jette",
        "Commune de Forest",
        "Commune de Saint-Josse-ten-Noode",
    ],
    "4": [
        "Beliris",
        "Bruxelles Mobilité",
        "Ville de Bruxelles",
        "Bruxelles Environnement",
        "Commune d'Anderlecht",
        "Port de Bruxelles",
        "CPAS de Molenbeek",
    ],
}


def _projects_1420(rng: random.Random) -> list[_Project]:
    projects: list[_Project] = []
    plan = [  # (group, axis, call, count, pooled grants)
        ("1", "1", "2015-01", 11, 46_500_000.00 * 0.992),
        ("2", "2", "2015-01", 13, 46_120_206.00 - 24_120_206.00 - 120_000.00),
        ("3a", "3", "2015-01", 12, 57_000_000.00 - 23_800_000.00),
        ("3b", "3", "2019-01", 12, 23_800_000.00 - 150_000.00),
        ("4", "4", "2015-01", 13, 42_500_000.00 * 0.995),
    ]
    for group, axis, call, count, pool in plan:
        grants = split_amount(rng, pool, count, spread=0.7)
        for i, (name, grant) in enumerate(zip(NAMES_1420[group], grants, strict=False), start=1):
            pid = f"1420-{axis}-{('B' if group == '3b' else '')}{i:02d}"
            if group == "3b":
                sel = date(2019, 10, 17)
                agr = _day(rng, date(2020, 1, 15), date(2020, 5, 29))
                start = date(agr.year, agr.month, 1)
                closed = rng.random() < 0.15
                end = _day(rng, date(2022, 6, 30), date(2023, 3, 31)) if closed else date(2023, 12, 31)
            else:
                sel = date(2015, 10, 22)
                agr = _day(rng, date(2016, 1, 11), date(2016, 6, 30))
                start = date(agr.year, agr.month, 1)
                closed = rng.random() < 0.55
                end = (
                    _day(rng, date(2020, 6, 30), date(2022, 9, 30))
                    if closed
                    else rng.choice([date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31)])
                )
            p = _Project(
                pid,
                name,
                rng.choice(BENEFICIARIES_1420[group]),
                axis,
                call,
                grant,
                0.5,
                sel,
                agr,
                start,
                end,
                status="closed" if closed else "ongoing",
                cost_factor=rng.choice([1.0, 1.0, 1.0, 1.05, 1.1, 1.25]),
                postcode=rng.choice(POSTCODES),
            )
            p.spent = rng.uniform(0.93, 1.0) if closed else 1.0
            p.paid_target = rng.uniform(0.78, 0.95)
            projects.append(p)

    # two cancelled projects (committed, then decommitted in full)
    for pid, name, axis, ben, grant, agr, cancel in (
        ("1420-2-14", "Brussels Fashion Lab", "2", "hub.brussels", 1_450_000.00, date(2016, 4, 12), date(2017, 11, 20)),
        (
            "1420-4-14",
            "Passerelle Canal Nord",
            "4",
            "Bruxelles Mobilité",
            2_380_000.00,
            date(2016, 5, 3),
            date(2018, 6, 14),
        ),
    ):
        p = _Project(
            pid,
            name,
            ben,
            axis,
            "2015-01",
            grant,
            0.5,
            date(2015, 10, 22),
            agr,
            date(2016, 6, 1),
            date(2020, 12, 31),
            status="cancelled",
            postcode=rng.choice(POSTCODES),
        )
        p.cancel_date = cancel
        projects.append(p)

    # financial instruments (no call); REACT-EU money added in 2021, 100 % EU
    react = split_amount(rng, REACT_EU, 3, spread=0.2)
    for i, (name, ben, grant, agr) in enumerate(
        (
            (
                "Brusoc — microcrédit et économie sociale",
                "finance&invest.brussels (Brusoc)",
                7_200_000.00,
                date(2016, 3, 15),
            ),
            ("Bruseed — capital d'amorçage", "finance&invest.brussels (Bruseed)", 6_400_000.00, date(2016, 3, 15)),
            (
                "Instrument financier jeunes entreprises innovantes",
                "finance&invest.brussels",
                4_400_000.00,
                date(2017, 2, 6),
            ),
        ),
        start=1,
    ):
        total = grant + react[i - 1]
        p = _Project(
            f"1420-IF-{i:02d}",
            name,
            ben,
            "2",
            "",
            total,
            0.0,
            agr - timedelta(days=60),
            agr,
            agr,
            date(2023, 12, 31),
            postcode="1000",
        )
        p.eu_share = (grant * 0.5 + react[i - 1]) / total
        p.extra_commitments.append((date(2021, 6, 15), react[i - 1]))
        p.paid_target = rng.uniform(0.88, 0.95)
        p.initial = grant
        projects.append(p)

    # technical assistance (no call)
    for i, (name, grant) in enumerate(
        (
            ("Assistance technique — gestion et contrôle", 6_300_000.00),
            ("Assistance technique — évaluation et communication", 1_620_000.00),
        ),
        start=1,
    ):
        p = _Project(
            f"1420-TA-{i:02d}",
            name,
            "Brussels International — Direction FEDER",
            "TA",
            "",
            grant,
            0.5,
            date(2015, 3, 12),
            date(2015, 4, 20),
            date(2015, 1, 1),
            date(2023, 12, 31),
            postcode="1000",
        )
        p.paid_target = rng.uniform(0.86, 0.93)
        projects.append(p)
    return projects


def _interims(rng: random.Random, first: date, last: date, amount: float) -> list[tuple[date, float]]:
    """Interim payments between two dates adding up to ``amount``."""
    if amount <= 0 or last <= first:
        return []
    n = max(1, min(8, (last - first).days // 200))
    parts = split_amount(rng, amount, n, spread=0.5)
    span = (last - first).days
    days = sorted(rng.sample(range(span + 1), n)) if span >= n else [span] * n
    return [(first + timedelta(days=d), a) for d, a in zip(days, parts, strict=True)]


def _lines_1420(rng: random.Random, projects: list[_Project]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    commitments: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    for p in projects:
        assert p.agreement_date is not None  # every 2014-2020 demo project is signed
        initial = p.initial if p.initial is not None else p.grant
        commitments.append({"project_id": p.project_id, "date": p.agreement_date, "amount": _cents(initial)})
        for d, a in p.extra_commitments:
            commitments.append({"project_id": p.project_id, "date": d, "amount": _cents(a)})
        adv_day = p.agreement_date + timedelta(days=rng.randint(20, 45))
        if p.status == "cancelled":
            assert p.cancel_date is not None
            adv = _cents(initial * 0.15)
            payments.append({"project_id": p.project_id, "date": adv_day, "amount": adv, "kind": "advance"})
            # the advance was recovered; the line stays, the grant is decommitted
            commitments.append({"project_id": p.project_id, "date": p.cancel_date, "amount": -_cents(initial)})
            payments.append(
                {
                    "project_id": p.project_id,
                    "date": p.cancel_date + timedelta(days=30),
                    "amount": -adv,
                    "kind": "balance",
                }
            )
            continue
        adv = _cents(initial * 0.15)
        payments.append({"project_id": p.project_id, "date": adv_day, "amount": adv, "kind": "advance"})
        if p.status == "closed":
            final = _cents(p.grant * p.spent)
            interim_total = _cents(final * 0.95 - adv)
            balance_day = min(p.end_date + timedelta(days=rng.randint(120, 300)), AS_OF - timedelta(days=10))
            for d, a in _interims(rng, adv_day + timedelta(days=180), p.end_date, interim_total):
                payments.append({"project_id": p.project_id, "date": d, "amount": a, "kind": "interim"})
            payments.append(
                {
                    "project_id": p.project_id,
                    "date": balance_day,
                    "amount": _cents(final - adv - interim_total),
                    "kind": "balance",
                }
            )
            if final < p.grant:
                commitments.append(
                    {"project_id": p.project_id, "date": balance_day, "amount": -_cents(p.grant - final)}
                )
        else:
            target = _cents(p.grant * p.paid_target - adv)
            last = min(p.end_date, AS_OF - timedelta(days=5))
            for d, a in _interims(rng, adv_day + timedelta(days=150), last, target):
                payments.append({"project_id": p.project_id, "date": d, "amount": a, "kind": "interim"})
    return commitments, payments


def _tune_consumption(projects: list[_Project], allocation: float, aim: float) -> None:
    """Scale the paid share of running projects so paid / allocation lands near ``aim``."""
    for _ in range(30):
        paid = 0.0
        running = 0.0
        for p in projects:
            if p.status == "closed":
                paid += p.grant * p.spent
            elif p.status != "cancelled":
                paid += p.grant * p.paid_target
                running += p.grant * p.paid_target
        gap = aim * allocation - paid
        if abs(gap) < 1000 or running == 0:
            return
        factor = 1 + gap / running
        for p in projects:
            if p.status not in ("closed", "cancelled"):
                p.paid_target = min(0.95, max(0.5, p.paid_target * factor))


def _forecasts(rng: random.Random, payments: list[dict[str, Any]], last_year: int) -> list[dict[str, Any]]:
    """Per project and year, a forecast made so that realised / forecast varies (some < 80 %, some > 90 %)."""
    paid: dict[tuple[str, int], float] = {}
    for line in payments:
        if line["amount"] > 0:
            key = (line["project_id"], line["date"].year)
            paid[key] = paid.get(key, 0.0) + line["amount"]
    rows = []
    for (pid, year), amount in sorted(paid.items()):
        if year > last_year:
            continue
        if year == AS_OF.year:
            ratio = rng.choice([0.45, 0.62, 0.74, 0.79, 0.84, 0.88, 0.93, 0.97, 1.0, 1.04])
        else:
            ratio = rng.choice([0.7, 0.82, 0.9, 0.95, 1.0, 1.0, 1.05, 1.1])
        rows.append({"project_id": pid, "year": year, "amount": float(round(amount / ratio, -3) or 1000.0)})
    return rows


def build_2014_2020(seed: int = SEED) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The Programme fields and sheet rows of the 2014-2020 demo workbook."""
    rng = random.Random(seed)
    allocation = sum(a[4] for a in AXES_1420)
    projects = _projects_1420(rng)
    _tune_consumption(projects, allocation, 0.935)
    commitments, payments = _lines_1420(rng, projects)
    # one illustrative warning: an indexation paid above the (reduced) commitment of a closed project
    closed = [p for p in projects if p.status == "closed" and p.spent < 0.99]
    if closed:
        p = closed[0]
        payments.append({"project_id": p.project_id, "date": date(2023, 10, 16), "amount": 1_234.56, "kind": "balance"})
    budget: list[dict[str, Any]] = []
    for code, fr, nl, en, alloc in AXES_1420:
        row: dict[str, Any] = {"code": code, "priority": code, "label_fr": fr, "label_nl": nl, "label_en": en}
        if code == "2":  # two versions: before REACT-EU, then with its 6 120 206 € at 100 % EU
            base = alloc - REACT_EU
            budget.append({**row, "allocation": base, "eu_amount": _cents(base * 0.5), "valid_from": None})
            eu = base * 0.5 + REACT_EU
            budget.append({**row, "allocation": alloc, "eu_amount": _cents(eu), "valid_from": REACT_EU_FROM})
        else:
            budget.append({**row, "allocation": alloc, "eu_amount": _cents(alloc * 0.5), "valid_from": None})
    calls = [
        {
            "call_id": "2015-01",
            "title": "Appel à projets FEDER 2014-2020 / EFRO-projectoproep 2014-2020",
            "objective_codes": "1;2;3;4",
            "opening_date": date(2015, 1, 19),
            "closing_date": date(2015, 4, 30),
            "budget": 160_000_000.00,
        },
        {
            "call_id": "2019-01",
            "title": "Efficacité énergétique des bâtiments publics / Energie-efficiëntie van openbare gebouwen",
            "objective_codes": "3",
            "opening_date": date(2019, 2, 4),
            "closing_date": date(2019, 5, 31),
            "budget": 24_000_000.00,
        },
    ]
    programme = {
        "programme_id": "2014-2020",
        "cci": "2014BE16RFOP001",
        "title": "Programme opérationnel FEDER 2014-2020 Région de Bruxelles-Capitale — "
        "données de démonstration, montants illustratifs",
        "eligibility_end": date(2023, 12, 31),
        "eu_rate": 0.5,
        "as_of": AS_OF,
    }
    sheets = {
        "budget": budget,
        "calls": calls,
        "projects": [p.row() for p in projects],
        "commitments": sorted(commitments, key=lambda r: (r["date"], r["project_id"])),
        "payments": sorted(payments, key=lambda r: (r["date"], r["project_id"])),
        "forecasts": _forecasts(rng, payments, 2023),
    }
    return programme, sheets


# --------------------------------------------------------------------------- 2021-2027


def _labels(code: str) -> tuple[str, str, str]:
    full = texts(f"objective_label.{code}.full")
    return full["fr"], full["nl"], full["en"]


#: (code, priority, allocation): the 9 specific objectives, labelled in the regulation's own words
#: (Regulation (EU) 2021/1058 Art. 3(1), from the catalogue: i18n/catalogue/objectives.toml)
OBJECTIVE_ALLOCATIONS_2127 = (
    ("1.1", "1", 42_000_000.00),
    ("1.2", "1", 16_000_000.00),
    ("1.3", "1", 66_000_000.00),
    ("2.1", "2", 56_000_000.00),
    ("2.6", "2", 18_000_000.00),
    ("2.7", "2", 24_000_000.00),
    ("4.3", "4", 18_000_000.00),
    ("4.4", "4", 10_000_000.00),
    ("5.1", "5", 38_000_000.00),
)
OBJECTIVES_2127: tuple[tuple[str, str, str, str, str, float], ...] = tuple(
    (code, priority, *_labels(code), allocation) for code, priority, allocation in OBJECTIVE_ALLOCATIONS_2127
)

CALLS_2023 = (  # id, FR / NL title, objective, opening, closing, budget
    ("2023-01", "Investissements innovants / Innovatieve investeringen", "1.1", 3, 6, 10_000_000.00),
    (
        "2023-02",
        "Recherche collaborative — saut qualitatif / Samenwerkend onderzoek — kwalitatieve sprong",
        "1.1",
        3,
        6,
        16_000_000.00,
    ),
    ("2023-03", "Esprit scientifique / Wetenschappelijke geest", "1.1", 3, 5, 6_500_000.00),
    ("2023-04", "Services publics numériques / Digitale openbare diensten", "1.2", 4, 7, 8_000_000.00),
    ("2023-05", "Inclusion numérique / Digitale inclusie", "1.2", 4, 7, 6_000_000.00),
    ("2023-06", "Hébergement des PME / Huisvesting van kmo's", "1.3", 4, 8, 8_000_000.00),
    ("2023-07", "Accompagnement des PME / Begeleiding van kmo's", "1.3", 4, 8, 6_000_000.00),
    (
        "2023-08",
        "Rénovation énergétique des bâtiments publics I / Energierenovatie openbare gebouwen I",
        "2.1",
        3,
        5,
        18_000_000.00,
    ),
    (
        "2023-09",
        "Rénovation énergétique des bâtiments publics II / Energierenovatie openbare gebouwen II",
        "2.1",
        3,
        5,
        14_000_000.00,
    ),
    (
        "2023-10",
        "Rénovation énergétique des équipements collectifs / Energierenovatie collectieve voorzieningen",
        "2.1",
        3,
        5,
        8_000_000.00,
    ),
    (
        "2023-11",
        "Rénovation énergétique des logements sociaux et moyens / Energierenovatie sociale en middelgrote woningen",
        "2.1",
        3,
        5,
        10_000_000.00,
    ),
    ("2023-12", "Rénovation groupée / Gegroepeerde renovatie", "2.1", 5, 8, 4_000_000.00),
    ("2023-13", "Réseaux de chaleur / Warmtenetten", "2.1", 5, 8, 4_000_000.00),
    ("2023-14", "Économie circulaire / Circulaire economie", "2.6", 5, 9, 9_000_000.00),
    ("2023-15", "Dépollution des sols / Bodemsanering", "2.7", 5, 9, 4_000_000.00),
    ("2023-16", "Espaces verts I / Groene ruimten I", "2.7", 4, 7, 6_000_000.00),
    ("2023-17", "Espaces verts II / Groene ruimten II", "2.7", 4, 7, 5_000_000.00),
    ("2023-18", "Logements pour publics vulnérables / Huisvesting voor kwetsbare groepen", "4.3", 4, 7, 9_000_000.00),
)

NEIGHBOURHOODS = (
    "Contrat de quartier durable Peterbos",
    "Contrat de quartier durable Marconi",
    "Contrat de quartier durable Stephenson",
    "Contrat de quartier durable Bockstael",
    "Contrat de rénovation urbaine Gare de l'Ouest",
    "Contrat de rénovation urbaine Midi",
    "Contrat de rénovation urbaine Heyvaert",
    "Contrat de rénovation urbaine Canal-Nord",
)
BENEFICIARIES_2127 = (
    "Commune d'Anderlecht",
    "Commune de Schaerbeek",
    "Ville de Bruxelles",
    "Commune d'Ixelles",
    "Commune de Molenbeek-Saint-Jean",
    "Commune de Saint-Gilles",
    "Commune de Forest",
    "CPAS de Bruxelles",
    "Vrije Universiteit Brussel (VUB)",
    "Université libre de Bruxelles (ULB)",
    "Bruxelles Environnement",
    "citydev.brussels",
    "SLRB-BGHM",
    "Fonds du Logement",
)


def _packages_2127() -> list[tuple[str, str, str, int, float, date, float]]:
    """Selections to 30/11/2023: (label stem, objective, call, n, total, selection date, signed share)."""
    return [
        ("Neighbourhood", "5.1", "", 8, 23_550_000.00, date(2023, 6, 22), 1.0),
        ("Esprit scientifique", "1.1", "2023-03", 6, 6_050_000.00, date(2023, 10, 12), 0.67),
        ("Logement vulnérables", "4.3", "2023-18", 5, 8_780_000.00, date(2023, 10, 26), 0.6),
        ("Rénovation énergétique", "2.1", "2023-08", 7, 17_200_000.00, date(2023, 9, 14), 0.86),
        ("Rénovation énergétique", "2.1", "2023-09", 5, 13_600_000.00, date(2023, 9, 14), 0.8),
        ("Équipements collectifs", "2.1", "2023-10", 4, 7_400_000.00, date(2023, 9, 14), 0.75),
        ("Logements sociaux", "2.1", "2023-11", 4, 9_300_000.00, date(2023, 9, 14), 0.75),
        ("Saut qualitatif", "1.1", "2023-02", 6, 15_400_000.00, date(2023, 11, 9), 0.34),
        ("Espaces verts", "2.7", "2023-16", 3, 5_600_000.00, date(2023, 11, 23), 0.0),
        ("Espaces verts", "2.7", "2023-17", 2, 4_700_000.00, date(2023, 11, 23), 0.0),
    ]


STEM_NAMES = {
    "Esprit scientifique": [
        "Sciences en quartiers",
        "Labo citoyen",
        "Brussels Science Bus",
        "Curieux de nature",
        "Wetenschap in de buurt",
        "MathLab",
    ],
    "Logement vulnérables": [
        "Housing First Cureghem",
        "Maison d'accueil Nord",
        "Logements de transit Midi",
        "Huis voor jongeren",
        "Habitat solidaire Ixelles",
    ],
    "Rénovation énergétique": [
        "École Les Marronniers",
        "Hôtel de ville Saint-Gilles",
        "Bibliothèque Sésame",
        "Centre administratif Forest",
        "Académie Anderlecht",
        "Piscine Calypso",
        "Gemeenteschool De Knipoog",
        "Salle omnisports Evere",
        "Maison communale Ixelles",
        "Crèche Étoile",
        "Centre culturel Molenbeek",
        "Athénée Bruxelles II",
    ],
    "Équipements collectifs": [
        "Maison médicale Brabant",
        "Centre sportif Neerpede",
        "Maison des jeunes Nord",
        "Cultuurcentrum Ganshoren",
    ],
    "Logements sociaux": [
        "Cité Modèle phase 1",
        "Peterbos tour 9",
        "Logements moyens Tivoli",
        "Sociale woningen Versailles",
    ],
    "Saut qualitatif": [
        "AI for Health Brussels",
        "Quantum Materials Lab",
        "Circular Batteries",
        "Smart Grid RDI",
        "Neuro-imaging platform",
        "Urban Air Sensing",
    ],
    "Espaces verts": [
        "Parc de la Sennette",
        "Jardin Tour & Taxis",
        "Bois du Laerbeek",
        "Parc du Scheutbos",
        "Parc Marconi",
    ],
}


#: Dutch names of a few 2021-2027 projects (their French name is the single name): the Projects
#: sheet's optional Name FR / Name NL columns, so that the Dutch pages and the bilingual committee
#: slides show them
NAMES_NL_2127 = {
    "Centre sportif Neerpede": "Sportcentrum Neerpede",
    "Maison médicale Brabant": "Medisch huis Brabant",
    "Maison des jeunes Nord": "Jeugdhuis Noord",
    "Parc de la Sennette": "Zennetjespark",
    "Bois du Laerbeek": "Laarbeekbos",
    "Piscine Calypso": "Zwembad Calypso",
    "Bibliothèque Sésame": "Bibliotheek Sésame",
    "Crèche Étoile": "Kinderdagverblijf Étoile",
}


def _with_names(row: dict[str, Any]) -> dict[str, Any]:
    """A 2021-2027 project row with its Name FR / Name NL cells (empty unless NAMES_NL_2127 has it)."""
    nl = NAMES_NL_2127.get(row["name"], "")
    return {**row, "name_fr": row["name"] if nl else "", "name_nl": nl}


def _call_titles(title: str) -> tuple[str, str]:
    """The French and Dutch halves of a "FR / NL" call title."""
    fr, _, nl = title.partition(" / ")
    return (fr, nl) if nl else ("", "")


def _projects_2127(rng: random.Random) -> list[_Project]:
    projects: list[_Project] = []
    counters: dict[str, int] = {}

    def next_id(so: str) -> str:
        counters[so] = counters.get(so, 0) + 1
        return f"2127-{so}-{counters[so]:02d}"

    def add(
        name: str,
        ben: str,
        so: str,
        call: str,
        grant: float,
        sel: date,
        agr: date | None,
        start: date,
        end: date,
        cost: float = 1.0,
    ) -> _Project:
        if agr is None:
            status = "selected"
        elif start <= AS_OF:
            status = "ongoing"
        else:
            status = "signed"
        p = _Project(
            next_id(so),
            name,
            ben,
            so,
            call,
            grant,
            0.4,
            sel,
            agr,
            start,
            end,
            status=status,
            cost_factor=cost,
            postcode=rng.choice(POSTCODES),
        )
        projects.append(p)
        return p

    # phasing from 2014-2020: agreements right after programme approval (March 2023)
    for name, so, grant, ben in (
        ("ICITY-RDI.BRU (phase 2)", "1.1", 12_400_000.00, "Vrije Universiteit Brussel (VUB)"),
        ("MEDIAPARK (phase 2)", "1.3", 15_800_000.00, "citydev.brussels"),
        ("Hippodrome de Boitsfort (phase 2)", "2.7", 8_600_000.00, "Bruxelles Environnement"),
        ("ABY (phase 2)", "5.1", 7_900_000.00, "citydev.brussels"),
    ):
        signed = _day(rng, date(2023, 4, 3), date(2023, 5, 31))
        add(name, ben, so, "", grant, date(2023, 3, 30), signed, date(2023, 1, 1), date(2027, 12, 31))

    for stem, so, call, n, total, sel, signed_share in _packages_2127():
        grants = split_amount(rng, total, n, spread=0.6)
        names = NEIGHBOURHOODS if stem == "Neighbourhood" else STEM_NAMES[stem]
        used = sum(1 for p in projects if p.name in names)
        n_signed = round(n * signed_share)
        for i, grant in enumerate(grants):
            name = names[(used + i) % len(names)]
            agr: date | None
            if i < n_signed:
                lo = sel + timedelta(days=20)
                agr = _day(rng, lo, min(lo + timedelta(days=75), AS_OF - timedelta(days=2)))
                start = date(2023, 9, 1) if stem == "Neighbourhood" else _add_months(date(agr.year, agr.month, 1), 1)
            else:
                agr, start = None, date(2024, 3, 1)
            end = rng.choice([date(2027, 12, 31), date(2028, 6, 30), date(2028, 12, 31), date(2029, 6, 30)])
            add(
                name,
                rng.choice(BENEFICIARIES_2127),
                so,
                call,
                grant,
                sel,
                agr,
                start,
                end,
                cost=rng.choice([1.0, 1.0, 1.1, 1.2]),
            )
    return projects


#: the 2021-2027 payment applications (reference, submission date, expenditure declared); EU amount = 40 %
CLAIMS_2127 = (
    ("DP 2022-01", date(2022, 12, 16), 312_500.0),  # early expenditure of the phased projects
    ("DP 2023-01", date(2023, 7, 28), 1_850_000.0),
    ("DP 2023-02", date(2023, 10, 31), 3_400_000.0),
)


def _financial_sheets_2127(eu_total: float, eu_rate: float) -> dict[str, list[dict[str, Any]]]:
    """The Tranches, Prefinancing and Claims rows of the 2021-2027 demo.

    Tranches: the EU allocation in seven yearly commitments 2021-2027 growing by 2 % a year (to the
    euro; 2027 takes the rest, so they add up to the EU allocation). Prefinancing: 0.5 % of the EU
    allocation a year, and 0.5 % more in 2022 and in 2023 (Art. 90(2) CPR 2021/1060, third subparagraph), the
    instalments received by the extract: 2021-2023 (576 000 + 1 152 000 + 1 152 000 € on the demo).
    Claims: three payment applications, their EU amount the co-financing rate of the expenditure.
    """
    weights = [1.02**i for i in range(7)]
    tranches = [round(eu_total * w / sum(weights)) * 1.0 for w in weights[:-1]]
    tranches.append(_cents(eu_total - sum(tranches)))
    return {
        "tranches": [
            {"year": year, "eu_amount": amount, "resource": ""}
            for year, amount in zip(range(2021, 2028), tranches, strict=True)
        ],
        "prefinancing": [
            {"year": year, "amount": _cents(eu_total * (0.01 if year in (2022, 2023) else 0.005)), "resource": ""}
            for year in range(2021, AS_OF.year + 1)
        ],
        "claims": [
            {
                "claim_id": ref,
                "date": day,
                "declared_total": total,
                "eu_amount": _cents(total * eu_rate),
                "resource": "",
            }
            for ref, day, total in CLAIMS_2127
        ],
    }


def _commitment_2127(projects: list[_Project]) -> float:
    return sum(p.grant for p in projects if p.agreement_date is not None and p.agreement_date <= AS_OF)


def build_2021_2027(seed: int = SEED) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The Programme fields and sheet rows of the 2021-2027 demo workbook."""
    rng = random.Random(seed + 1)
    allocation = sum(o[5] for o in OBJECTIVES_2127)
    projects = _projects_2127(rng)
    # three financial instruments (SO 1.3) sized so that the commitment rate lands just under 60 %
    fi_total = _cents(0.583 * allocation - _commitment_2127(projects))
    for (name, agr), grant in zip(
        (
            ("Instrument financier start-ups innovantes", date(2023, 9, 18)),
            ("Instrument financier PME refusées par les banques", date(2023, 10, 9)),
            ("Instrument financier coopératives et économie sociale", date(2023, 10, 23)),
        ),
        split_amount(rng, fi_total, 3, spread=0.2),
        strict=True,
    ):
        counters_id = sum(1 for p in projects if p.objective_code == "1.3") + 1
        p = _Project(
            f"2127-1.3-{counters_id:02d}",
            name,
            "finance&invest.brussels",
            "1.3",
            "",
            grant,
            0.4,
            date(2023, 7, 6),
            agr,
            agr,
            date(2029, 12, 31),
            postcode="1000",
        )
        projects.append(p)

    commitments, payments, forecasts = [], [], []
    for p in projects:
        if p.agreement_date is None:
            # planned: agreement early 2024, advance then
            forecasts.append({"project_id": p.project_id, "year": 2024, "amount": _cents(p.grant * 0.15)})
            continue
        commitments.append({"project_id": p.project_id, "date": p.agreement_date, "amount": _cents(p.grant)})
        is_fi = "Instrument financier" in p.name
        adv_day = p.agreement_date + timedelta(days=rng.randint(18, 40))
        adv = _cents(p.grant * (0.25 if is_fi else 0.15))
        if adv_day <= AS_OF:
            payments.append({"project_id": p.project_id, "date": adv_day, "amount": adv, "kind": "advance"})
        paid_2023 = adv if adv_day <= AS_OF else 0.0
        if "phase 2" in p.name:
            d = _day(rng, date(2023, 9, 15), date(2023, 11, 24))
            a = _cents(p.grant * rng.uniform(0.04, 0.08))
            payments.append({"project_id": p.project_id, "date": d, "amount": a, "kind": "interim"})
            paid_2023 += a
        # forecast for 2023: what the beneficiary expected by year end
        expected = adv * rng.choice([1.0, 1.0, 1.05, 1.15, 1.3]) if paid_2023 else adv
        if "phase 2" in p.name:
            expected = paid_2023 * rng.choice([0.95, 1.1, 1.4])
        forecasts.append({"project_id": p.project_id, "year": 2023, "amount": float(round(expected, -3))})
        for year in range(2024, p.end_date.year + 1):
            share = (0.85 - (0.10 if is_fi else 0.0)) / max(1, p.end_date.year - 2023)
            forecasts.append({"project_id": p.project_id, "year": year, "amount": float(round(p.grant * share, -3))})

    budget: list[dict[str, Any]] = [
        {
            "code": c,
            "priority": pr,
            "label_fr": fr,
            "label_nl": nl,
            "label_en": en,
            "allocation": a,
            "eu_amount": _cents(a * 0.4),
            "valid_from": None,
        }
        for c, pr, fr, nl, en, a in OBJECTIVES_2127
    ]
    # the 2025 mid-term review (Reg. (EU) 2025/1914): a version of two objectives, total unchanged
    for row in list(budget):
        if row["code"] in MID_TERM_SHIFTS:
            a = row["allocation"] + MID_TERM_SHIFTS[row["code"]]
            budget.append({**row, "allocation": a, "eu_amount": _cents(a * 0.4), "valid_from": MID_TERM_REVIEW})
    calls = [
        {
            "call_id": cid,
            "title": title,
            "title_fr": _call_titles(title)[0],
            "title_nl": _call_titles(title)[1],
            "objective_codes": so,
            "opening_date": date(2023, om, 1) + timedelta(days=14),
            "closing_date": date(2023, cm, 28),
            "budget": b,
        }
        for cid, title, so, om, cm, b in CALLS_2023
    ]
    programme = {
        "programme_id": "2021-2027",
        "cci": "2021BE16RFPR001",
        "title": "Programme FEDER 2021-2027 Région de Bruxelles-Capitale — "
        "données de démonstration, montants illustratifs",
        "title_fr": "Programme FEDER 2021-2027 Région de Bruxelles-Capitale — "
        "données de démonstration, montants illustratifs",
        "title_nl": "EFRO-programma 2021-2027 Brussels Hoofdstedelijk Gewest — "
        "demonstratiegegevens, illustratieve bedragen",
        "title_en": "ERDF programme 2021-2027 Brussels-Capital Region — demonstration data, illustrative amounts",
        "eligibility_end": date(2029, 12, 31),
        "eu_rate": 0.4,
        "as_of": AS_OF,
    }
    sheets = {
        "budget": budget,
        "calls": calls,
        "projects": [_with_names(p.row()) for p in projects],
        "commitments": sorted(commitments, key=lambda r: (r["date"], r["project_id"])),
        "payments": sorted(payments, key=lambda r: (r["date"], r["project_id"])),
        "forecasts": sorted(forecasts, key=lambda r: (r["project_id"], r["year"])),
        **_financial_sheets_2127(sum(_cents(a * 0.4) for *_, a in OBJECTIVES_2127), 0.4),
    }
    return programme, sheets


# --------------------------------------------------------------------------- files

BUILDERS = {"2014-2020": build_2014_2020, "2021-2027": build_2021_2027}


def write_demo_workbooks(folder: str | Path = "data/demo") -> list[Path]:
    """Write both demo workbooks into ``folder`` (created if needed); return their paths."""
    folder = Path(folder)
    paths = []
    for pid, build in BUILDERS.items():
        programme, sheets = build()
        paths.append(write_workbook(folder / FILE_NAMES[pid], programme, sheets, notes=[NOTE]))
    return paths


def write_variant_workbooks(folder: str | Path = "data/demo") -> list[Path]:
    """The demo workbooks as other offices write them, to try the loader by hand.

    ``erdf-2014-2020-fr.xlsx`` (French sheet names and headers), ``erdf-2021-2027-nl.xlsx``
    (Dutch), and ``erdf-2014-2020-text.xlsx`` (French headers, amounts as Belgian text
    "1.234.567,89", title rows above the headers and totals rows under the tables).
    """
    folder = Path(folder)
    p14, s14 = build_2014_2020()
    p21, s21 = build_2021_2027()
    titles = dict.fromkeys(s14, f"FEDER 2014-2020 — extraction au {AS_OF:%d/%m/%Y}")
    return [
        write_workbook(folder / "erdf-2014-2020-fr.xlsx", p14, s14, lang="fr", notes=[NOTE]),
        write_workbook(folder / "erdf-2021-2027-nl.xlsx", p21, s21, lang="nl", notes=[NOTE]),
        write_workbook(
            folder / "erdf-2014-2020-text.xlsx",
            p14,
            s14,
            lang="fr",
            text_amounts=True,
            title_rows=titles,
            totals=True,
            notes=[NOTE],
        ),
    ]


def ensure_demo_data(folder: str | Path = "data/demo") -> list[Path]:
    """The demo workbooks in ``folder``, written only if one of them is missing."""
    folder = Path(folder)
    paths = [folder / name for name in FILE_NAMES.values()]
    if all(p.exists() for p in paths):
        return paths
    return write_demo_workbooks(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_loaders.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="data/demo", help="folder for the workbooks (default data/demo)")
    parser.add_argument(
        "--variants", action="store_true", help="also write FR-header, NL-header and Belgian-text-amount variants"
    )
    args = parser.parse_args(argv)
    paths = write_demo_workbooks(args.out)
    if args.variants:
        paths += write_variant_workbooks(args.out)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
