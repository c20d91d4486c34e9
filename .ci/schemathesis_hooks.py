"""schemathesis hooks for .ci/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

ComplaintForm has two rules that JSON Schema cannot state: every photo must decode as an
image, and the purchase date must not lie in the future. Valid (positive) complaint bodies
are made to follow them — a generated photo becomes a small PNG, a date after today becomes
today — so that the check "valid data is accepted" tests the rest of the body. Invalid
(negative) bodies are left exactly as generated.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import schemathesis
from PIL import Image

COMPLAINTS = "/api/v1/complaints/"
SITE_TIME_ZONE = ZoneInfo("Asia/Shanghai")  # settings.TIME_ZONE: "today" is the site's


def _png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (150, 20, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


@schemathesis.hook
def map_case(context, case):
    operation = context.operation
    if operation is None or operation.path != COMPLAINTS or operation.method.upper() != "POST":
        return case
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not isinstance(case.body, dict):
        return case
    body = dict(case.body)
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
    case.body = body
    return case
