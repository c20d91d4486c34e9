"""The open-data API: the public registers read-only, label verification and complaints.

    throttling.py   the anonymous rate limit (named in settings.REST_FRAMEWORK)
    filters.py      pagination, ordering, the pages' FilterSets plus `updated_since`, and
                    the form (Shape) of values that name a product, town or year
    serializers.py  what the API shows of each record of the registers
    views.py        the registers' viewsets
    verify.py       GET /verify/{code}
    complaints.py   POST /complaints/, its request body derived from the complaint form
    schema.py       error responses and exact parameter schemas for drf-spectacular; no
                    database read: the schema is a function of the code
    urls.py         /api/v1/…, /api/schema/, /api/docs/
    exports.py      /exports/<register>.csv|json

The API reads all three apps, so it lives in the project package like the other site-wide
views. Nothing is imported here: DRF imports throttling.py while it defines APIView.
"""

# The licence of everything the API and the exports publish.
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "山亭区市场监督管理局"
