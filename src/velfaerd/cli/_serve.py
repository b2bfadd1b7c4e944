"""``velfaerd serve``: the checker over HTTP, run by Uvicorn (extra ``velfaerd[serve]``).

Only the arguments are defined when the command line starts; Starlette and Uvicorn
are imported when ``velfaerd serve`` runs, and their absence is said in one line that
names the extra to install. The application is named to Uvicorn by its import string
(``velfaerd.serve:from_environment``), with the limits in the environment, since each
of ``--workers`` processes imports it anew.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import os
from typing import Any

from velfaerd.cli._common import CHOSEN, EXIT_OK, UsageError, output_language
from velfaerd.i18n import LANGUAGES, Text, text

__all__ = [
    "APP",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_FILES",
    "DEFAULT_TIME_LIMIT",
    "ENVIRONMENT",
    "add_command",
    "log_config",
    "missing",
    "run",
]

#: The application factory Uvicorn imports in each worker.
APP = "velfaerd.serve:from_environment"

#: A request's body is at most this many bytes (8 MiB) unless ``--max-body`` says.
DEFAULT_MAX_BODY = 8 * 1024 * 1024
#: A request names at most this many files unless ``--max-files`` says.
DEFAULT_MAX_FILES = 2000
#: A request is answered 503 after this many seconds of work unless ``--time-limit`` says.
DEFAULT_TIME_LIMIT = 10.0

_LAST_PORT = 65535

#: The environment variables the limits are passed to each worker in (``velfaerd.serve``
#: reads them).
ENVIRONMENT = {
    "max_body": "VELFAERD_SERVE_MAX_BODY",
    "max_files": "VELFAERD_SERVE_MAX_FILES",
    "time_limit": "VELFAERD_SERVE_TIME_LIMIT",
}


def _h(key: str) -> str:
    """The help text ``cli.help.<key>`` in the command line's language."""
    return text(f"cli.help.{key}", CHOSEN.get())


def add_command(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``serve`` to the ``velfaerd`` parser's subcommands."""
    parser = commands.add_parser("serve", help=_h("serve"), description=_h("serve-description"))
    parser.add_argument("--host", default="127.0.0.1", help=_h("serve-host"))
    parser.add_argument("--port", type=int, default=8000, help=_h("serve-port"))
    parser.add_argument("--workers", type=int, default=1, help=_h("serve-workers"))
    parser.add_argument("--root-path", default="", metavar="PATH", help=_h("serve-root-path"))
    parser.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=_h("serve-max-body"),
    )
    parser.add_argument(
        "--max-files", type=int, default=DEFAULT_MAX_FILES, metavar="N", help=_h("serve-max-files")
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=_h("serve-time-limit"),
    )
    parser.add_argument("--traceback", action="store_true", help=_h("traceback"))
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_h("serve-lang")
    )
    parser.set_defaults(handler=run)


def _refuse(option: str, value: object, expected: str) -> UsageError:
    return UsageError(
        Text("cli.serve.value", {"option": option, "value": value, "expected": expected})
    )


def _validate(args: argparse.Namespace) -> None:
    checks: list[tuple[str, object, str, bool]] = [
        ("--port", args.port, "0-65535", 0 <= args.port <= _LAST_PORT),
        ("--workers", args.workers, ">= 1", args.workers >= 1),
        ("--max-body", args.max_body, ">= 1", args.max_body >= 1),
        ("--max-files", args.max_files, ">= 1", args.max_files >= 1),
        ("--time-limit", args.time_limit, "> 0", args.time_limit > 0),
        (
            "--root-path",
            args.root_path,
            "/name, without a trailing /",
            not args.root_path or (args.root_path[0] == "/" and args.root_path[-1] != "/"),
        ),
    ]
    for option, value, expected, good in checks:
        if not good:
            raise _refuse(option, value, expected)


def missing() -> list[str]:
    """The distributions of the extra ``velfaerd[serve]`` that are not installed."""
    return [name for name in ("starlette", "uvicorn") if importlib.util.find_spec(name) is None]


def log_config(uvicorn_config: dict[str, Any]) -> dict[str, Any]:
    """Uvicorn's logging, with the access log of ``velfaerd.serve`` on stderr."""
    config = copy.deepcopy(uvicorn_config)
    config["formatters"]["velfaerd"] = {"format": "%(message)s"}
    config["handlers"]["velfaerd"] = {
        "formatter": "velfaerd",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["velfaerd.serve"] = {
        "handlers": ["velfaerd"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def run(args: argparse.Namespace) -> int:
    """``velfaerd serve``: run Uvicorn until it is stopped (SIGTERM, SIGINT)."""
    CHOSEN.set(output_language(args))
    _validate(args)
    absent = missing()
    if absent:
        raise UsageError(Text("cli.serve.missing", {"missing": ", ".join(absent)}))
    import uvicorn  # noqa: PLC0415 - the extra, only when serving
    import uvicorn.config  # noqa: PLC0415

    limits = {"max_body": args.max_body, "max_files": args.max_files, "time_limit": args.time_limit}
    for field, name in ENVIRONMENT.items():
        os.environ[name] = str(limits[field])
    uvicorn.run(
        APP,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        root_path=args.root_path,
        access_log=False,  # velfaerd.serve logs each request, in the common log format
        log_config=log_config(uvicorn.config.LOGGING_CONFIG),
        # A stop waits for requests in hand at most as long as one may take.
        timeout_graceful_shutdown=max(1, int(args.time_limit) + 1),
    )
    return EXIT_OK
