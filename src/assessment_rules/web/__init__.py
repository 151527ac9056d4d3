"""The HTTP service and the assessors' web page (``assessment-rules serve``).

An ASGI app (Starlette, run by uvicorn) over the same library calls as the CLI:
rulebooks and their outlines, evidence forms, validate, score (the CLI's JSON result,
or xlsx, csv, md), explain, compare, diff, tasks and calendar, an OpenAPI 3.1 document
at ``/openapi.json``, and a Chinese web page for assessors. Needs the ``serve`` extra:
``pip install "assessment-rules[serve]"``.

>>> from starlette.testclient import TestClient
>>> with TestClient(create_app()) as client:
...     "wujin-2021-departments" in [book["id"] for book in client.get("/api/rulebooks").json()]
True
"""

from ._app import app_from_environment, create_app
from ._settings import ServiceSettings

__all__ = ["ServiceSettings", "app_from_environment", "create_app"]
