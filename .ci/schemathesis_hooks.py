"""schemathesis hooks for .ci/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

Only POST /api/v1/complaints/ is touched:

- ComplaintForm has three rules that JSON Schema cannot state: every photo must decode as
  an image, the purchase date must not lie in the future, and a product named must be in
  the register (the schema gives a slug's form, not the rows: they are data). Valid
  (positive) complaint bodies are made to follow them — each generated photo becomes a
  small PNG, a date after today becomes today, a slug becomes one of those the API's own
  product list gives, as a client would read it — so that "valid data is accepted" tests
  the rest of the body. Invalid (negative) bodies are left exactly as generated.
- The page's limit of ten complaints per address and hour would turn every later complaint
  into a (declared, hence passing) 429, hiding whether the server accepts valid bodies and
  refuses invalid ones. Each case therefore comes from its own address in X-Forwarded-For,
  which the script tells the app to trust (TRUSTED_PROXY_COUNT=1). The limit itself is
  tested in tests/api/test_complaints.py.
"""

import datetime
import io
import itertools
import json
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

import schemathesis
from PIL import Image

COMPLAINTS = "/api/v1/complaints/"
SITE_TIME_ZONE = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE: "today" is the site's
_addresses = (f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}" for n in itertools.count(1))
_slugs = []  # the register's products, read once


def _png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (150, 20, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def _product_slugs(base_url):
    url = urllib.parse.urljoin(base_url + "/", "/api/v1/products/?page_size=100")
    with urllib.request.urlopen(url, timeout=10) as answer:
        return [product["slug"] for product in json.load(answer)["results"]]


def _follow_form_rules(body, slugs):
    body = dict(body)
    product = body.get("product")
    if isinstance(product, str) and product and product not in slugs:
        body["product"] = slugs[len(product) % len(slugs)]
    if isinstance(body.get("photos"), list):
        body["photos"] = [PNG for _photo in body["photos"]]
    bought_on = body.get("bought_on")
    if isinstance(bought_on, str):
        try:
            day = datetime.date.fromisoformat(bought_on)
        except ValueError:
            day = None
        today = datetime.datetime.now(SITE_TIME_ZONE).date()
        if day is not None and day > today:
            body["bought_on"] = today.isoformat()
    return body


@schemathesis.hook
def map_case(context, case):
    operation = context.operation
    if operation is None or operation.path != COMPLAINTS or operation.method.upper() != "POST":
        return case
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and isinstance(case.body, dict):
        if not _slugs:
            _slugs.extend(_product_slugs(operation.schema.get_base_url()))
        case.body = _follow_form_rules(case.body, _slugs)
    case.headers = {**(case.headers or {}), "X-Forwarded-For": next(_addresses)}
    # Take the edited case as the generated one. Otherwise schemathesis notices the edits
    # and re-judges the body, and it cannot judge one holding files: it would call a valid
    # case invalid and then report the server for accepting it. (A private method of the
    # pinned schemathesis 4.32.5; the edits above keep a valid body valid by construction
    # and leave an invalid one as it was.)
    case._record_starting_state()
    return case
