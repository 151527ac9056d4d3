"""``assessment-rules serve``: the HTTP service and the assessors' web page, on uvicorn.

The web stack is an optional extra (``pip install "assessment-rules[serve]"``); it is
imported only when the command runs, so the other commands start as fast as before.
"""

from __future__ import annotations

import os

import click

from .._i18n import gettext as _
from ._common import fail_cleanly

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
@click.option(
    "--rulebooks",
    "dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Also serve the rulebook files (*.py defining RULEBOOK) in this folder. Repeatable.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Worker processes (e.g. the number of cores); no state is shared between requests.",
)
@click.option(
    "--max-body-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=32,
    show_default=True,
    help="Largest request body in MiB; larger requests get 413.",
)
@click.option(
    "--max-files",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="Files one request may upload.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=60,
    show_default=True,
    help="Seconds one request may spend reading and scoring; past it the client gets 503.",
)
@fail_cleanly
def serve(  # noqa: PLR0917 - click passes every option positionally
    host: str,
    port: int,
    dirs: tuple[str, ...],
    workers: int,
    max_body_mb: float,
    max_files: int,
    time_limit: float,
) -> None:
    """Serve the rulebooks over HTTP: a JSON API and a web page for assessors (评分服务).

    The API scores uploaded evidence exactly as `score` does and returns the same JSON
    (or xlsx, csv, md); it also serves outlines, evidence forms, validate, explain,
    compare, diff, tasks and calendar. Its OpenAPI 3.1 document is at /openapi.json,
    the web page at /. Errors are RFC 9457 problem+json listing every problem.

    Set ASSESSMENT_RULES_TOKEN to require `Authorization: Bearer <token>` on every
    request (the web page asks for it once). Uploaded files are kept in a private
    temporary folder only while their request runs.

    \b
    Example:
      assessment-rules serve --port 8000 --rulebooks ./my-rulebooks --workers 4
    """
    # Imported here, not at the top: the web stack is an optional extra, and the other
    # commands should not pay for importing it.
    try:
        import uvicorn  # noqa: PLC0415

        from ..web import ServiceSettings, create_app  # noqa: PLC0415
        from ..web._settings import ENV_TOKEN, mebibytes  # noqa: PLC0415
    except ImportError as error:
        raise click.UsageError(
            _(
                "the web service needs the serve extra ({module} is not installed): "
                'pip install "assessment-rules[serve]"'
            ).format(module=error.name)
        ) from None
    settings = ServiceSettings(
        rulebook_dirs=dirs,
        token=os.environ.get(ENV_TOKEN) or None,
        max_body_bytes=mebibytes(max_body_mb),
        max_files=max_files,
        time_limit=time_limit,
    )
    # Load every rulebook once here: a broken one exits 3 before any worker starts.
    create_app(settings)
    os.environ.update(settings.environment())  # each worker builds the same app from these
    token = _(", a token is required") if settings.token else ""
    click.echo(
        _("Scoring service: http://{host}:{port}/ (API description /openapi.json{token})").format(
            host=host, port=port, token=token
        ),
        err=True,
    )
    uvicorn.run(
        "assessment_rules.web:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        log_level="info",
    )
