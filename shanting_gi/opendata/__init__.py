"""The open-data API: the public registers read-only, label verification and complaints.

    throttling.py   the anonymous rate limit (named in settings.REST_FRAMEWORK)
    filters.py      pagination, ordering, the pages' FilterSets plus `updated_since`
    serializers.py  what the API shows of each record
    schema.py       error responses and exact parameter schemas for drf-spectacular
    views.py        the viewsets, /verify/{code} and /complaints/
    urls.py         /api/v1/…, /api/schema/, /api/docs/

The API reads all three apps, so it lives in the project package like the other site-wide
views. Nothing is imported here: DRF imports throttling.py while it defines APIView.
"""

# The licence of everything the API and the exports publish.
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "山亭区市场监督管理局"
