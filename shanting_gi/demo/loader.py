"""Read the demo data files, shanting_gi/demo/data/*.toml, into what the seeder writes.

The demo data is data: the real facts of ../shared/FACTS.md with their certainty and sources,
and the invented examples marked 示例, one TOML file per subject. Besides the types and keys
that shanting_gi.demo.datafile checks, this module checks values against the models'
choices, references to a town, product, producer, document or indicator the files do not
define, duplicated natural keys, invented records without their 示例 mark, and inspections
whose status, values and follow-up disagree. What is computed rather than stated — the check
character of an example credit code, the display order of indicators and illustrations — is
computed here, never written by hand in a file.

`load()` returns a DemoData whose entries are dicts of model field values, plus the keys
(`product`, `producer`, `town` …) that the seeder resolves to rows.

Over 500 lines because it is the one list of what each data file may contain: a reader per
file, a line per key. Split, it would scatter that list.
"""

from dataclasses import dataclass
from pathlib import Path

from inspections.models import CaseStatus, ComplaintStatus, InspectionStatus, ViolationType
from producers.register.models import OutletKind, ProducerKind
from producers.register.validators import CREDIT_CODE_ALPHABET, credit_code_check_character
from products.models import (
    DocumentKind,
    ImageKind,
    ProductCategory,
    ProductStatus,
    ProtectionRegime,
)
from shanting_gi.demo.datafile import EXAMPLE, read_files
from shanting_gi.demo.images import DRAWINGS

DATA_DIR = Path(__file__).resolve().parent / "data"
# One file per subject: shanting_gi/demo/data/<name>.toml.
FILES = (
    "towns",
    "products",
    "indicators",
    "documents",
    "producers",
    "authorisations",
    "outlets",
    "inspections",
    "cases",
    "statistics",
    "images",
    "labels",
    "complaints",
)
# The authorisation transitions, each a service authorisation_<step> in
# producers/register/services.py.
STEPS = ("review", "approve", "reject", "suspend", "reinstate", "revoke", "expire")
# GB 32100: the second character of a code registered by market regulation (9) is its type.
CREDIT_CODE_TYPE = {
    ProducerKind.ENTERPRISE: "1",
    ProducerKind.INDIVIDUAL_BUSINESS: "2",
    ProducerKind.COOPERATIVE: "3",
}
# What a demo complaint may give besides its description (the contacts stay private).
COMPLAINT_FIELDS = ("bought_where", "seller", "label_code", "contact_phone", "contact_email")


@dataclass(frozen=True)
class DemoData:
    towns: list
    products: list  # Product fields and "protection_area": town names
    indicators: dict  # product slug → QualityIndicator fields, in display order
    documents: list  # Document fields and "key", "product", "supersedes"
    producers: list  # Producer fields and "key", "town"
    reasons: dict  # "apply" or a step → the standard reason recorded for it
    announcements: dict  # approval date → example announcement number
    authorisations: list  # "producer", "product", "applied_on", "steps"
    outlets: list
    inspections: list
    testing_body: str
    follow_up: str
    cases: list
    statistics: list
    illustrations: list  # "product", "drawn_name", "mark_code_producer", "images"
    labels: dict
    complaints: list
    files: tuple  # every file read


def load(directory=None):
    """Read and check every data file; raise DemoDataError on the first problem."""
    directory = Path(directory or DATA_DIR)
    f = read_files(directory, FILES)
    towns = _towns(f["towns"])
    town_names = {town["name"] for town in towns}
    products = _products(f["products"], town_names)
    slugs = {product["slug"] for product in products}
    indicators = _indicators(f["indicators"], slugs)
    producers = _producers(f["producers"], town_names)
    keys = {producer["key"] for producer in producers}
    reasons, announcements, authorisations = _authorisations(f["authorisations"], slugs, keys)
    testing_body, follow_up, inspections = _inspections(f["inspections"], slugs, keys, indicators)
    data = DemoData(
        towns=towns,
        products=products,
        indicators=indicators,
        documents=_documents(f["documents"], slugs),
        producers=producers,
        reasons=reasons,
        announcements=announcements,
        authorisations=authorisations,
        outlets=_outlets(f["outlets"], town_names, slugs, keys),
        inspections=inspections,
        testing_body=testing_body,
        follow_up=follow_up,
        cases=_cases(f["cases"], slugs, keys),
        statistics=_statistics(f["statistics"], slugs),
        illustrations=_illustrations(f["images"], slugs, keys),
        labels={
            "batches": f["labels"].integer("batches"),
            "quantity": f["labels"].integer("quantity"),
            "void_reason": f["labels"].text("void_reason", example=True),
        },
        complaints=_complaints(f["complaints"], slugs),
        files=tuple(directory / f"{name}.toml" for name in FILES),
    )
    for file in f.values():
        file.done()
    return data


# -- products app ----------------------------------------------------------------------


def _towns(file):
    towns = []
    for e in file.tables("town", label="name", unique=("code", "name")):
        towns.append(
            {
                "code": e.text("code", pattern=r"\d{9}"),
                "name": e.text("name"),
                "name_en": e.text("name_en"),
            }
        )
        e.done()
    return towns


def _products(file, towns):
    products = []
    for e in file.tables("product", label="slug", unique=("slug", "name")):
        product = {
            "slug": e.text("slug", pattern=r"[a-z0-9-]+"),
            "name": e.text("name"),
            "name_en": e.text("name_en"),
            "name_pinyin": e.text("name_pinyin"),
            "category": e.text("category", choices=ProductCategory.values),
            "regime": e.text("regime", choices=ProtectionRegime.values),
            "status": e.text("status", choices=ProductStatus.values),
            "order": e.integer("order"),
            "standard_number": e.text("standard_number"),
        }
        # Each fact sits in a table with its certainty and source:
        # [product.<fact>] verified / source → <fact>_verified / <fact>_source.
        approval = e.section("approval")
        product |= {
            "approving_authority": approval.text("approving_authority"),
            "approving_authority_en": approval.text("approving_authority_en"),
            "announcement_number": approval.text("announcement_number"),
            "announcement_date": approval.date("announcement_date", None),
            "approval_verified": approval.flag("verified"),
            "approval_source": approval.text("source"),
        }
        area = e.section("protection_area")
        product |= {
            "protection_area": area.texts("towns", choices=sorted(towns)),
            "protection_area_verified": area.flag("verified"),
            "protection_area_source": area.text("source"),
        }
        harvest = e.section("harvest")
        product |= {
            "harvest_months": harvest.integers("months", range(1, 13)),
            "harvest_verified": harvest.flag("verified"),
            "harvest_source": harvest.text("source"),
        }
        facts = e.section("facts")
        for key in ("description", "characteristics", "identification_guide"):
            product[key] = facts.text(key)
            product[f"{key}_en"] = facts.text(f"{key}_en")
        product["facts_source"] = facts.text("source")
        for part in (approval, area, harvest, facts, e):
            part.done()
        products.append(product)
    return products


def _indicators(file, slugs):
    indicators = {slug: [] for slug in slugs}
    for e in file.tables("indicator", label="name", unique=(("product", "name"),)):
        product = e.ref("product", slugs, "product")
        indicators[product].append(
            {
                "name": e.text("name"),
                "name_en": e.text("name_en"),
                "unit": e.text("unit"),
                "min_value": e.number("min_value", None),
                "max_value": e.number("max_value", None),
                "verified": e.flag("verified"),
                "source": e.text("source"),
                "order": len(indicators[product]) + 1,
            }
        )
        e.done()
    return indicators


def _documents(file, slugs):
    documents, keys = [], set()
    for e in file.tables("document", label="key", unique=("key", ("number", "title"))):
        documents.append(
            {
                "key": e.text("key"),
                "kind": e.text("kind", choices=DocumentKind.values),
                "number": e.text("number"),
                "title": e.text("title"),
                "title_en": e.text("title_en"),
                "issuing_body": e.text("issuing_body"),
                "issuing_body_en": e.text("issuing_body_en"),
                "issued_on": e.date("issued_on", None),
                "effective_on": e.date("effective_on", None),
                "repealed_on": e.date("repealed_on", None),
                "product": e.ref("product", slugs, "product", None),
                # Only an earlier document: the seed creates them in file order.
                "supersedes": e.ref("supersedes", keys, "an earlier document", None),
                "body": e.text("body"),
                "body_en": e.text("body_en"),
                "verified": e.flag("verified"),
                "source": e.text("source"),
            }
        )
        keys.add(documents[-1]["key"])
        e.done()
    return documents


def _statistics(file, slugs):
    statistics = []
    for e in file.tables("statistic", label="product", unique=(("product", "year"),)):
        statistics.append(
            {
                "product": e.ref("product", slugs, "product"),
                "year": e.integer("year"),
                "planting_area_mu": e.number("planting_area_mu"),
                "output_tonnes": e.number("output_tonnes"),
                "output_value_wan_yuan": e.number("output_value_wan_yuan"),
                "users_output_tonnes": e.number("users_output_tonnes", None),
                "verified": e.flag("verified"),
                "source": e.text("source"),
            }
        )
        e.done()
    return statistics


def _illustrations(file, slugs, producers):
    sets = []
    for e in file.tables("product", label="slug", unique=("slug",)):
        images = []
        for image in e.tables("image", label="kind", unique=("kind",)):
            images.append(
                {
                    "kind": image.text("kind", choices=ImageKind.values),
                    "drawing": image.text("drawing", choices=DRAWINGS),
                    "alt_text": image.text("alt_text"),
                    "alt_text_en": image.text("alt_text_en"),
                    "caption": image.text("caption"),
                    "caption_en": image.text("caption_en"),
                    "order": len(images) + 1,
                }
            )
            image.done()
        sets.append(
            {
                "product": e.ref("slug", slugs, "product"),
                # Drawn with Pillow's bundled font, which has Latin letters only.
                "drawn_name": e.text("drawn_name", pattern=r"[ -~]+"),
                "mark_code_producer": e.ref("mark_code_producer", producers, "producer"),
                "images": images,
            }
        )
        e.done()
    return sets


# -- producers app ---------------------------------------------------------------------


def _credit_code(e, kind):
    """An example code: the 17-character body from the file, the check character computed."""
    body = e.text("credit_code_body", None)
    if body is None:
        return ""
    if kind not in CREDIT_CODE_TYPE:
        e.error(f"kind {kind} has no credit code of its own; leave out 'credit_code_body'")
    if len(body) != 17 or any(ch not in CREDIT_CODE_ALPHABET for ch in body):
        e.error(
            f"'credit_code_body' {body!r} must be 17 characters of {CREDIT_CODE_ALPHABET} "
            "(the loader adds the check character)"
        )
    if body[:2] != f"9{CREDIT_CODE_TYPE[kind]}":
        e.error(
            f"'credit_code_body' {body!r} must begin 9{CREDIT_CODE_TYPE[kind]} for kind {kind} "
            "(9: registered by market regulation, then the type)"
        )
    return body + credit_code_check_character(body)


def _producers(file, towns):
    notes = file.text("notes")
    producers = []
    unique = ("key", "name", "credit_code_body")
    for e in file.tables("producer", label="key", unique=unique):
        kind = e.text("kind", choices=ProducerKind.values)
        producers.append(
            {
                "key": e.text("key"),
                "name": e.text("name", example=True),
                "name_en": e.text("name_en"),
                "kind": kind,
                "credit_code": _credit_code(e, kind),
                "legal_representative": e.text("legal_representative", ""),
                "town": e.ref("town", towns, "town"),
                "address": e.text("address"),
                "public_contact": e.text("public_contact", ""),
                "private_phone": e.text("private_phone", ""),
                "planting_area_mu": e.number("planting_area_mu", None),
                "association_member": e.flag("association_member"),
                "is_public": e.flag("is_public"),
                "notes": notes,
            }
        )
        e.done()
    return producers


def _authorisations(file, slugs, producers):
    section = file.section("reasons")
    reasons = {"apply": section.text("apply")}
    reasons |= {step: section.text(step) for step in STEPS if step in section.table}
    section.done()
    announcements = {}
    for e in file.tables("announcement", label="number", unique=("date", "number")):
        announcements[e.date("date")] = e.text("number", example=True)
        e.done()
    authorisations = []
    for e in file.tables("authorisation", label="producer"):
        authorisations.append(
            {
                "producer": e.ref("producer", producers, "producer"),
                "product": e.ref("product", slugs, "product"),
                "applied_on": e.date("applied_on"),
                "steps": [
                    _step(step, reasons, announcements) for step in e.tables("steps", label="step")
                ],
            }
        )
        e.done()
    return reasons, announcements, authorisations


def _step(e, reasons, announcements):
    step = e.text("step", choices=STEPS)
    on = e.date("on")
    reason = e.text("reason", None) or reasons.get(step)
    if not reason:
        e.error(f"give a 'reason': [reasons] has no standard reason for {step!r}")
    details = {}
    if step == "approve":
        if on not in announcements:
            e.error(f"no announcement is dated {on}; add one to the announcement list")
        details = {
            "announcement_number": announcements[on],
            "valid_until": e.date("valid_until"),
            "annual_quantity_cap": e.integer("annual_quantity_cap"),
        }
    e.done()
    return {"step": step, "on": on, "reason": reason, "details": details}


def _outlets(file, towns, slugs, producers):
    outlets = []
    for e in file.tables("outlet", label="name", unique=("name",)):
        outlets.append(
            {
                "name": e.text("name", example=True),
                "name_en": e.text("name_en"),
                "kind": e.text("kind", choices=OutletKind.values),
                "town": e.ref("town", towns, "town", None),
                "address": e.text("address"),
                "url": e.text("url", "", pattern=r"https://[\w.-]*example\.(com|org)/\S*"),
                "products": e.texts("products", choices=sorted(slugs)),
                "producer": e.ref("producer", producers, "producer", None),
                "opening_hours": e.text("opening_hours"),
            }
        )
        e.done()
    return outlets


# -- inspections app -------------------------------------------------------------------

# The keys an inspection has at each status: planned → sampled → tested → published.
STATUS_KEYS = ("sampled_on", "tested_on", "report_number", "values", "published_on")
KEYS_AT = {
    InspectionStatus.PLANNED: (),
    InspectionStatus.SAMPLED: STATUS_KEYS[:1],
    InspectionStatus.TESTED: STATUS_KEYS[:4],
    InspectionStatus.PUBLISHED: STATUS_KEYS,
}


def _inspections(file, slugs, producers, indicators):
    testing_body = file.text("testing_body", example=True)
    follow_up = file.text("follow_up")
    inspections = []
    for e in file.tables("inspection", label="sample_number", unique=("sample_number",)):
        status = e.text("status", choices=InspectionStatus.values)
        present = tuple(key for key in STATUS_KEYS if key in e.table)
        if present != KEYS_AT[status]:
            expected = ", ".join(KEYS_AT[status]) or f"none of {', '.join(STATUS_KEYS)}"
            e.error(
                f"a {status} inspection has {expected}; this one has "
                f"{', '.join(present) or 'none of them'}"
            )
        product = e.ref("product", slugs, "product")
        values = _values(e, indicators[product]) if "values" in e.table else None
        failed = bool(values) and any(
            not _within(indicator, values[indicator["name"]]) for indicator in indicators[product]
        )
        inspection = {
            "sample_number": e.text("sample_number"),
            "producer": e.ref("producer", producers, "producer"),
            "product": product,
            "status": status,
            "sampling_place": e.text("sampling_place", example=True),
            "testing_body": testing_body,
            "sampled_on": e.date("sampled_on", None),
            "tested_on": e.date("tested_on", None),
            "report_number": e.text("report_number", "", example=True),
            "published_on": e.date("published_on", None),
            "values": values,
            "follow_up": follow_up if failed else "",
            "follow_up_deadline": e.date("follow_up_deadline", None),
            "follow_up_done_on": e.date("follow_up_done_on", None),
        }
        if failed != bool(inspection["follow_up_deadline"]):
            e.error(
                "an inspection that fails a limit has a 'follow_up_deadline', one that passes "
                f"has none; this one {'fails' if failed else 'passes'}"
            )
        if inspection["follow_up_done_on"] and not failed:
            e.error("'follow_up_done_on' without a failed result to follow up")
        e.done()
        inspections.append(inspection)
    return testing_body, follow_up, inspections


def _values(e, indicators):
    """Measured values keyed by indicator name: one for every indicator of the product."""
    values = e.section("values")
    names = [indicator["name"] for indicator in indicators]
    if sorted(values.table) != sorted(names):
        e.error(f"'values' must give every indicator of the product: {', '.join(names)}")
    return {name: values.number(name) for name in names}


def _within(indicator, value):
    low, high = indicator["min_value"], indicator["max_value"]
    return (low is None or value >= low) and (high is None or value <= high)


def _cases(file, slugs, producers):
    cases = []
    for e in file.tables("case", label="case_number", unique=("case_number",)):
        case = {
            "case_number": e.text("case_number", example=True),
            "producer": e.ref("producer", producers, "producer", None),
            "subject_name": e.text("subject_name", "", example=True),
            "product": e.ref("product", slugs, "product"),
            "violation_type": e.text("violation_type", choices=ViolationType.values),
            "status": e.text("status", choices=CaseStatus.values),
            "opened_on": e.date("opened_on"),
            "decided_on": e.date("decided_on", None),
            "decision_number": e.text("decision_number", "", example=True),
            "penalty": e.text("penalty", ""),
            "fine_yuan": e.number("fine_yuan", None),
            "summary": e.text("summary", example=True),
            "summary_en": e.text("summary_en"),
            "publish_on": e.date("publish_on", None),
        }
        if bool(case["producer"]) == bool(case["subject_name"]):
            e.error("a case names either an example 'producer' or a 'subject_name', not both")
        e.done()
        cases.append(case)
    return cases


def _complaints(file, slugs):
    complaints = []
    for e in file.tables("complaint", label="description"):
        # The seed recognises its own complaints by this ending (DemoSeeder.seed_complaints).
        fields = {"description": e.text("description", pattern=rf".*（{EXAMPLE}）")}
        for key in COMPLAINT_FIELDS:
            if key in e.table:
                fields[key] = e.text(key)
        complaints.append(
            {
                "product": e.ref("product", slugs, "product"),
                "fields": fields,
                "statuses": e.texts("statuses", choices=ComplaintStatus.values),
                "replies": e.texts("replies"),
            }
        )
        e.done()
    return complaints
