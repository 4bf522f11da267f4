"""`council-monitor web`: serve the Clerk's web console (behind a reverse proxy for TLS; docs/web.md)."""

from __future__ import annotations

import argparse
import logging
import secrets
import sys

from monitor.cli import add_config_argument, config_from

HELP = "serve the Clerk's web console on 127.0.0.1:8080 (put a reverse proxy in front for TLS: docs/web.md)"
log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --listen and --config."""
    parser.epilog = ("exit status: 0 stopped cleanly, 2 a bad option or address, 66 no database found (start the "
                     "monitor first), 69 database unavailable, 75 database busy (try again), 78 configuration error")
    add_config_argument(parser)
    parser.add_argument("--listen", metavar="HOST:PORT", default=None,
                        help="address to listen on (default: [web] listen in the config, 127.0.0.1:8080)")


def split_listen(text: str) -> tuple[str, int]:
    """Return host and port from HOST:PORT, or exit 2 saying what to type."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        print(f"council-monitor web: --listen {text!r} is not HOST:PORT (e.g. 127.0.0.1:8080)", file=sys.stderr)
        raise SystemExit(2)
    return host.strip("[]"), int(port)


def run(args: argparse.Namespace) -> int:
    """Open the database (migrating it), build the app and serve it until stopped."""
    import uvicorn

    from monitor.credentials import read_secret
    from monitor.store.db import StoreError, database_url, migrate, open_database
    from monitor.store.triage import report_error
    from monitor.web.app import Web, create_app
    from monitor.web.links import KEY_FILE

    config = config_from(args)
    host, port = split_listen(args.listen or config.web.listen)
    key = read_secret(config, KEY_FILE, required=False)
    if not key:
        # Links in alerts then last until the console restarts; the credential makes them last a week.
        log.warning("no %s credential: action links in alerts stop working when the console restarts "
                    "(create it as docs/web.md says)", KEY_FILE)
        key = secrets.token_urlsafe(32)
    try:
        engine = open_database(database_url(config, create=False))
        migrate(engine)
    except StoreError as error:
        return report_error("web", error)
    app = create_app(Web(config=config, engine=engine, link_key=key,
                         secure=config.web.base_url.startswith("https://")))
    print(f"council-monitor web: serving on http://{host}:{port}/", flush=True)
    # proxy_headers: X-Forwarded-For is believed from 127.0.0.1 only (uvicorn's default forwarded_allow_ips).
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False,
                access_log=False)
    return 0
