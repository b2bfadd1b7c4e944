"""``velfaerd serve``: the checker over HTTP, for systems not written in Python, and a page.

Install it with the extra ``velfaerd[serve]`` (Starlette and Uvicorn). Import this
package by name: ``import velfaerd`` does not import it, nor does the command line
until ``velfaerd serve`` runs.

* :func:`create_app` — the ASGI application, with :class:`Limits` on each request;
* the API, under ``/v1``: ``POST /v1/check`` (the command line's JSON report),
  ``/v1/timeline``, ``/v1/calendar``; ``GET /v1/rules``, ``/v1/rules/{code}``,
  ``/v1/schema``; ``GET /healthz``; its OpenAPI 3.1 description at ``/openapi.json``;
* a page for people at ``/``.

It reads the files from the requests alone, writes no file and keeps nothing from one
request to the next.
"""

from velfaerd.serve._app import ENDPOINTS, Endpoint, create_app, from_environment
from velfaerd.serve._requests import Limits, RequestError

__all__ = ["ENDPOINTS", "Endpoint", "Limits", "RequestError", "create_app", "from_environment"]
