"""The Clerk's web console: Starlette routes over the daemon's database, pages rendered by Jinja2.

No JavaScript at all: every action is a POST form carrying the session's CSRF token. The pages are
served with a Content-Security-Policy that allows no script and no framing; post text is autoescaped.
"""

from __future__ import annotations

import calendar
import json
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import jinja2
import segno
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from monitor.checks import CHECKS
from monitor.config import Config
from monitor.lookalike_diff import differences, is_invisible, segments
from monitor.platforms.registry import PLATFORMS, health_source, label
from monitor.records import handle_key
from monitor.store import console, findings, users
from monitor.store.db import StoreError, session_scope
from monitor.store.models import WebSessionRow, WebUserRow
from monitor.web.links import read_action

HERE = Path(__file__).resolve().parent
COOKIE: Final = "cm_session"
PRE_COOKIE: Final = "cm_pre"  # the sign-in form's own CSRF token, before there is a session
CSP: Final = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
              "frame-ancestors 'none'; base-uri 'none'")
# A report is the report's own HTML (inline styles), still with no script and no framing.
REPORT_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
ATTEMPTS_PER_ADDRESS: Final = 30  # sign-in attempts from one address in ATTEMPT_WINDOW seconds
ATTEMPT_WINDOW: Final = 300
ACTIONS: Final = {
    # action -> (button, past tense, note label, note required, states it applies in)
    "acknowledge": ("Acknowledge", "acknowledged", "What you are doing about it", True, ("open",)),
    "assign": ("Assign", "assigned", "Note for the councillor (optional)", False, ("open", "acknowledged")),
    "fix": ("Mark fixed", "marked fixed", "How it was put right", True, ("open", "acknowledged")),
    "dismiss": ("Dismiss as a false positive", "dismissed", "Why it is a false positive", True,
                ("open", "acknowledged", "fixed")),
    "reopen": ("Reopen", "reopened", "Why it needs attention again", True, ("fixed", "dismissed")),
}
STATES: Final = ("open", "acknowledged", "fixed", "dismissed")


@dataclass
class Web:
    """What the console needs: the config, the database, the link key and whether cookies are Secure."""

    config: Config
    engine: Engine
    link_key: str
    secure: bool = False
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    attempts: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))


@dataclass
class Visitor:
    """The signed-in person and their session, for one request."""

    token: str
    session: WebSessionRow
    user: WebUserRow

    @property
    def can_act(self) -> bool:
        """Say whether this person may change findings."""
        return self.user.role in users.ACTING


def _environment() -> jinja2.Environment:
    """Return the templates with autoescape on for every page."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["when"] = lambda d: d.strftime("%d %b %Y %H:%M UTC") if d else ""
    env.filters["platform"] = label
    env.filters["shown"] = shown
    return env


def shown(text: str | None) -> str:
    """Return text with invisible characters made visible as their code points (escaped by the template)."""
    return "".join(f"⟨U+{ord(ch):04X}⟩" if is_invisible(ch) else ch for ch in (text or ""))


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap the app so every response says: no script, no framing, no sniffing, no caching of pages."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                given = dict(message.get("headers", []))
                policy = given.get(b"content-security-policy", CSP.encode())
                headers += [(b"content-security-policy", policy), (b"x-frame-options", b"DENY"),
                            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                            (b"cross-origin-opener-policy", b"same-origin")]
                if not scope.get("path", "").startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, sending)

    return wrapped


def create_app(web: Web) -> ASGIApp:
    """Return the console as an ASGI application."""
    env = _environment()
    handlers = Handlers(web, env)
    routes = [
        Route("/", handlers.inbox),
        Route("/sign-in", handlers.sign_in, methods=["GET", "POST"]),
        Route("/sign-in/code", handlers.code, methods=["GET", "POST"]),
        Route("/enrol", handlers.enrol, methods=["GET", "POST"]),
        Route("/password", handlers.password, methods=["GET", "POST"]),
        Route("/sign-out", handlers.sign_out, methods=["POST"]),
        Route("/findings/{id:int}", handlers.finding),
        Route("/findings/{id:int}/{action}", handlers.act, methods=["GET", "POST"]),
        Route("/act/{token}", handlers.link, methods=["GET", "POST"]),
        Route("/accounts", handlers.accounts),
        Route("/reports", handlers.reports),
        Route("/reports/{name}", handlers.report_file),
        Route("/health", handlers.health),
        Route("/audit", handlers.audit),
        Route("/accessibility", handlers.accessibility),
        # Browsers ask for it unbidden; an empty answer keeps a 404 out of every page's console.
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: handlers.error})
    return security_headers(app)


class Handlers:
    """The console's pages and actions (each a small method; the store does the work)."""

    def __init__(self, web: Web, env: jinja2.Environment) -> None:
        self.web, self.env = web, env
        self.council = web.config.council.name

    # --- plumbing -------------------------------------------------------------------------

    async def db(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run a function with a session in a worker thread (SQLite may wait for the daemon's lock)."""
        def work() -> Any:
            with session_scope(self.web.engine) as session:
                return func(session, *args)
        return await run_in_threadpool(work)

    def render(self, request: Request, name: str, visitor: Visitor | None, status: int = 200,
               **context: Any) -> HTMLResponse:
        """Render a page with the chrome every page shares."""
        body = self.env.get_template(name).render(council=self.council, visitor=visitor, path=request.url.path,
                                                  csrf=visitor.session.csrf_token if visitor else "", **context)
        return HTMLResponse(body, status_code=status)

    def address(self, request: Request) -> str:
        """Return the client's address (uvicorn takes the proxy's X-Forwarded-For from 127.0.0.1 only)."""
        return request.client.host if request.client else ""

    def cookie(self, response: Response, name: str, value: str, max_age: int | None) -> None:
        """Set a cookie the page's script could never read, sent only to this site."""
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", secure=self.web.secure,
                            path="/")

    async def visitor(self, request: Request, stage: str = "full") -> Visitor | None:
        """Return the signed-in visitor at a stage of signing in, or None."""
        token = request.cookies.get(COOKIE, "")
        found = await self.db(lambda s: users.find_session(s, token, self.web.clock()))
        if found is None or found[0].stage != stage:
            return None
        return Visitor(token=token, session=found[0], user=found[1])

    def to_sign_in(self, request: Request) -> Response:
        """Send a signed-out visitor to sign in, coming back here afterwards."""
        return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)

    async def need(self, request: Request) -> Visitor | Response:
        """Return the signed-in visitor, or the redirect they need (sign in, or change a one-time password)."""
        visitor = await self.visitor(request)
        if visitor is None:
            return self.to_sign_in(request)
        if visitor.user.must_change_password and request.url.path != "/password":
            return RedirectResponse("/password", status_code=303)
        return visitor

    async def form(self, request: Request, visitor: Visitor | None) -> dict[str, str]:
        """Return a POSTed form after checking its CSRF token (403 without or with a wrong one)."""
        data = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        expected = visitor.session.csrf_token if visitor else request.cookies.get(PRE_COOKIE, "")
        if not expected or not secrets.compare_digest(data.get("csrf", ""), expected):
            raise HTTPException(403, "This form has expired or did not come from the console. Go back, "
                                     "reload the page and try again.")
        return data

    async def error(self, request: Request, exc: Exception) -> Response:
        """Show an error page in the console's own words."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong."
        return self.render(request, "error.html.j2", None, status=status, status_code=status, detail=detail)

    # --- signing in -------------------------------------------------------------------------

    def throttled(self, address: str) -> bool:
        """Say whether an address has tried to sign in too often lately (and count this try)."""
        now, seen = time.monotonic(), self.web.attempts[address]
        while seen and seen[0] < now - ATTEMPT_WINDOW:
            seen.popleft()
        seen.append(now)
        return len(seen) > ATTEMPTS_PER_ADDRESS

    async def sign_in(self, request: Request) -> Response:
        """Show the sign-in form, or check a name and password."""
        target = safe_next(request.query_params.get("next", "/"))
        if request.method == "GET":
            pre = secrets.token_urlsafe(24)
            response = self.render(request, "sign_in.html.j2", None, pre=pre, next=target, error="")
            self.cookie(response, PRE_COOKIE, pre, 900)
            return response
        data = await self.form(request, None)
        address = self.address(request)
        if self.throttled(address):
            raise HTTPException(429, "Too many sign-in attempts from your address. Wait five minutes.")
        now = self.web.clock()

        def check(session: Any) -> tuple[str, str] | str:
            try:
                user = users.check_password(session, data.get("name", "").strip(), data.get("password", ""),
                                            address, now)
            except users.SignInRefused as exc:
                return exc.message
            stage = "password" if user.role in users.ACTING else "full"
            users.purge_sessions(session, now)  # a sign-in is rare enough to tidy the ended sessions then
            token, _ = users.open_session(session, user, stage, address, now)
            if stage == "full":
                users.audit_event(session, users.who(user.name, address), "signed in", "", now)
            nxt = ("/sign-in/code" if user.totp_enrolled else "/enrol") if stage == "password" else target
            return token, nxt

        outcome = await self.db(check)
        if isinstance(outcome, str):
            pre = secrets.token_urlsafe(24)
            response = self.render(request, "sign_in.html.j2", None, status=400, pre=pre, next=target,
                                   error=outcome)
            self.cookie(response, PRE_COOKIE, pre, 900)
            return response
        token, nxt = outcome
        if nxt in ("/sign-in/code", "/enrol"):
            nxt += f"?next={quote(target)}"
        redirect = RedirectResponse(nxt, status_code=303)
        self.cookie(redirect, COOKIE, token, None)
        return redirect

    async def code(self, request: Request) -> Response:
        """Ask for the authenticator's code after a right password."""
        return await self._second_factor(request, "code.html.j2")

    async def enrol(self, request: Request) -> Response:
        """Show the QR code and key of a new authenticator, and confirm it with its first code."""
        return await self._second_factor(request, "enrol.html.j2")

    async def _second_factor(self, request: Request, template: str) -> Response:
        """Check a TOTP code (enrolling on the way when needed) and open the full session."""
        visitor = await self.visitor(request, stage="password")
        if visitor is None:
            return RedirectResponse("/sign-in", status_code=303)
        target = safe_next(request.query_params.get("next", "/"))
        enrolling = template == "enrol.html.j2"
        extra: dict[str, Any] = {}
        if enrolling:
            secret = await self.db(lambda s: users.start_enrolment(s, s.merge(visitor.user)))
            visitor.user.totp_secret = secret
            uri = users.provisioning_uri(visitor.user, self.council)
            extra = {"secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                     # omitsize: a viewBox, so the CSS can scale the code whole.
                     "qr": segno.make(uri, error="m").svg_inline(omitsize=True,
                                                                 title="QR code for your authenticator app")}
        if request.method == "GET":
            return self.render(request, template, visitor, next=target, error="", **extra)
        data = await self.form(request, visitor)
        address, now = self.address(request), self.web.clock()

        def check(session: Any) -> str | None:
            user = session.merge(visitor.user)
            if not users.verify_code(session, user, data.get("code", ""), address, now):
                return None
            users.end_session(session, visitor.token, now)
            token, _ = users.open_session(session, user, "full", address, now)
            users.audit_event(session, users.who(user.name, address), "signed in", "with an authenticator code", now)
            return token

        token = await self.db(check)
        if token is None:
            return self.render(request, template, visitor, status=400, next=target,
                               error="The code is wrong or has expired. Type the six digits your app shows now.",
                               **extra)
        response = RedirectResponse(target, status_code=303)
        self.cookie(response, COOKIE, token, None)
        return response

    async def password(self, request: Request) -> Response:
        """Change one's password; every session ends, so sign in again."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        if request.method == "GET":
            return self.render(request, "password.html.j2", visitor, error="")
        data = await self.form(request, visitor)
        if data.get("new", "") != data.get("again", ""):
            return self.render(request, "password.html.j2", visitor, status=400,
                               error="The new password and its repeat differ.")
        address, now = self.address(request), self.web.clock()

        def change(session: Any) -> str:
            try:
                users.change_password(session, session.merge(visitor.user), data.get("current", ""),
                                      data.get("new", ""), address, now)
            except users.UserError as exc:
                return f"{exc.message}: {exc.hint}" if exc.hint else exc.message
            return ""

        problem = await self.db(change)
        if problem:
            return self.render(request, "password.html.j2", visitor, status=400, error=problem)
        response = RedirectResponse("/sign-in?changed=1", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    async def sign_out(self, request: Request) -> Response:
        """End this session."""
        visitor = await self.visitor(request)
        if visitor is not None:
            await self.form(request, visitor)
            address, now = self.address(request), self.web.clock()

            def end(session: Any) -> None:
                users.end_session(session, visitor.token, now)
                users.audit_event(session, users.who(visitor.user.name, address), "signed out", "", now)

            await self.db(end)
        response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    # --- findings ---------------------------------------------------------------------------

    async def inbox(self, request: Request) -> Response:
        """List the findings that need attention, with filters and counts per state."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        q = request.query_params
        state = q.get("state", "active")
        if state not in (*STATES, "active", "all"):
            state = "active"
        page = int(q["page"]) if q.get("page", "").isdigit() else 1
        councillors = {c.name: c for c in self.web.config.councillors}
        chosen = councillors.get(q.get("councillor", ""))
        accounts = tuple((ref.platform, handle_key(ref.handle)) for ref in chosen.accounts) if chosen else ()
        wanted = console.InboxFilter(state=state, rule=q.get("rule", ""), severity=q.get("severity", ""),
                                     platform=q.get("platform", ""), handle=q.get("handle", "").lstrip("@"),
                                     text=q.get("q", "")[:200], page=page, accounts=accounts or (("", ""),)
                                     if chosen else ())
        found = await self.db(console.inbox, wanted)
        return self.render(request, "inbox.html.j2", visitor, inbox=found, wanted=wanted, states=STATES,
                           platforms=list(PLATFORMS), page_size=console.PAGE, councillors=list(councillors),
                           councillor=chosen.name if chosen else "")

    async def finding(self, request: Request) -> Response:
        """Show one finding: the post or profile, the evidence, the clause, the timeline and the actions."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        page = await self.db(console.finding_page, request.path_params["id"])
        if page is None:
            raise HTTPException(404, "There is no such finding. Go back to the inbox.")
        return self.render(request, "finding.html.j2", visitor, **self.finding_context(page),
                           done=request.query_params.get("done", ""))

    def finding_context(self, page: console.FindingPage) -> dict[str, Any]:
        """Return what the finding template shows, worked out from the stored rows."""
        row = page.finding
        evidence = json.loads(row.evidence_json or "{}")
        check = next((c for c in CHECKS if c.rule == row.rule), None)
        registered = self.web.config.registry.get((row.platform, row.handle_key))
        owner = ("the council" if registered and registered.role == "official" else
                 registered.councillor.name if registered and registered.councillor else
                 "nobody registered (a stranger)")
        lookalike = None
        if row.rule == "impersonation" and ":" in str(evidence.get("subject", "")):
            real = str(evidence["subject"]).split(":", 1)[1]
            lookalike = {"fake": row.handle, "real": real, "segments": segments(row.handle, real),
                         "differences": differences(row.handle, real), "owner": evidence.get("owner", "")}
        return {"page": page, "f": row, "evidence": evidence, "check": check, "owner": owner,
                "quotes": clause_quotes(check.doc) if check else [], "record": captured_record(page),
                "marked": marked(page, evidence), "post_link": post_link(page), "lookalike": lookalike,
                "actions": {k: v for k, v in ACTIONS.items() if row.state in v[4]},
                "today": self.web.clock().date().isoformat()}

    async def act(self, request: Request) -> Response:
        """Show an action's confirmation form (GET) or carry it out (POST), for clerks and deputies only."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        action, finding_id = request.path_params["action"], request.path_params["id"]
        if action not in ACTIONS:
            raise HTTPException(404, "There is no such action.")
        if not visitor.can_act:
            raise HTTPException(403, "Your role can read findings but not change them. Ask the Clerk.")
        if request.method == "GET":
            return await self.confirm(request, visitor, finding_id, action)
        data = await self.form(request, visitor)
        return await self.apply(request, visitor, finding_id, action, data)

    async def confirm(self, request: Request, visitor: Visitor, finding_id: int, action: str,
                      error: str = "", status: int = 200, field: str = "", given: dict[str, str] | None = None
                      ) -> Response:
        """Show the page that asks before an action (the GET of any action link lands here)."""
        page = await self.db(console.finding_page, finding_id)
        if page is None:
            raise HTTPException(404, "There is no such finding. Go back to the inbox.")
        return self.render(request, "confirm.html.j2", visitor, status=status, f=page.finding, action=action,
                           councillors=[c.name for c in self.web.config.councillors],
                           spec=ACTIONS[action], error=error, error_field=field, given=given or {},
                           today=self.web.clock().date().isoformat(), post_to=f"/findings/{finding_id}/{action}")

    async def apply(self, request: Request, visitor: Visitor, finding_id: int, action: str,
                    data: dict[str, str]) -> Response:
        """Carry out an action through the store's lifecycle, recording who and from where."""
        by = users.who(visitor.user.name, self.address(request))
        note, now = data.get("note", "").strip(), self.web.clock()
        problem = form_problem(action, data)
        try:
            due = parse_due(data.get("due", ""), self.web.config) if action == "assign" else None
        except ValueError as exc:
            problem = problem or ("due", str(exc))
        if problem:
            return await self.confirm(request, visitor, finding_id, action, error=problem[1], status=400,
                                      field=problem[0], given=data)

        def change(session: Any) -> str:
            try:
                if action == "acknowledge":
                    findings.acknowledge(session, finding_id, by, note, now)
                elif action == "assign":
                    findings.assign(session, finding_id, by, data.get("councillor", ""), due, note, now)
                elif action == "fix":
                    findings.mark_fixed(session, finding_id, by, note, now)
                elif action == "dismiss":
                    findings.dismiss(session, finding_id, by, note, now)
                else:
                    findings.reopen(session, finding_id, by, note, now)
            except StoreError as exc:
                session.rollback()
                return exc.message
            return ""

        problem = await self.db(change)
        if problem:
            return await self.confirm(request, visitor, finding_id, action, error=problem, status=400)
        return RedirectResponse(f"/findings/{finding_id}?done={action}", status_code=303)

    async def link(self, request: Request) -> Response:
        """Open a signed action link from an alert: it shows the confirmation page; only its POST acts."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        named = read_action(self.web.link_key, request.path_params["token"])
        if named is None:
            raise HTTPException(404, "This link is not valid or is more than a week old. Open the finding "
                                     "from the inbox instead.")
        return RedirectResponse(f"/findings/{named[0]}/{named[1]}", status_code=303)

    # --- the other pages --------------------------------------------------------------------

    async def accounts(self, request: Request) -> Response:
        """List every registered account with whether it is monitored, its last post and open findings."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        stored, counts, sources = await self.db(lambda s: (console.stored_accounts(s), console.open_counts(s),
                                                           console.sources(s)))
        blind = {row.source: row.since for row in sources if row.state != "up"}
        rows = []
        for key, reg in self.web.config.registry.items():
            row = stored.get(key)
            rows.append({"platform": key[0], "handle": reg.ref.handle, "key": key[1],
                         "owner": reg.councillor.name if reg.councillor else "the council",
                         "monitorable": row.monitorable if row else reg.ref.kind != "profile",
                         "kind": reg.ref.kind, "last_post": row.last_post_at if row else None,
                         "open": counts.get(key, 0), "blind_since": blind.get(key[0])})
        return self.render(request, "accounts.html.j2", visitor, rows=rows)

    async def reports(self, request: Request) -> Response:
        """List the weekly reports kept on disk, each with its files."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        weeks: dict[str, list[str]] = defaultdict(list)
        folder = self.report_folder()
        if folder.is_dir():
            for path in sorted(folder.iterdir(), reverse=True):
                if path.suffix in (".html", ".pdf", ".csv") and path.is_file():
                    weeks[path.stem].append(path.name)
        return self.render(request, "reports.html.j2", visitor, weeks=sorted(weeks.items(), reverse=True))

    def report_folder(self) -> Path:
        """Return where the weekly reports are written."""
        from monitor.report.deliver import report_directory

        return report_directory(self.web.config)

    async def report_file(self, request: Request) -> Response:
        """View (HTML) or download (PDF, CSV) one report file, by its exact name only."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        name = request.path_params["name"]
        folder = self.report_folder()
        path = folder / name
        if "/" in name or name.startswith(".") or path.suffix not in (".html", ".pdf", ".csv") or not path.is_file():
            raise HTTPException(404, "There is no such report.")
        if path.suffix == ".html" and "download" not in request.query_params:
            return HTMLResponse(path.read_text(encoding="utf-8"), headers={"content-security-policy": REPORT_CSP})
        return FileResponse(path, filename=name, headers={"content-security-policy": REPORT_CSP})

    async def health(self, request: Request) -> Response:
        """Show each source up or blind, and the X budget spent and projected this month."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        now = self.web.clock()
        first = datetime.combine(now.date().replace(day=1), dtime(), tzinfo=UTC)
        sources, spent = await self.db(lambda s: (console.sources(s), console.spend_since(s, first)))
        days = calendar.monthrange(now.year, now.month)[1]
        budget = self.web.config.platforms.x.monthly_budget_usd
        paid = {name for name, entry in PLATFORMS.items() if entry.billing == "paid"}
        spend = [{"platform": p, "spent": v, "projected": v / max(now.day, 1) * days,
                  "budget": budget if p in paid else None} for p, v in sorted(spent.items())]
        shown_sources = []
        for row in sources:
            known = health_source(row.source)
            shown_sources.append({"name": known[1].report_name if known else row.source, "up": row.state == "up",
                                  "since": row.since, "detail": row.last_error or "",
                                  "token": bool(known and "token" in known[1].key)})
        return self.render(request, "health.html.j2", visitor, sources=shown_sources, spend=spend)

    async def audit(self, request: Request) -> Response:
        """Show the newest entries of the audit trail: who did what, when, from where."""
        visitor = await self.need(request)
        if isinstance(visitor, Response):
            return visitor
        trail = await self.db(console.console_trail)
        return self.render(request, "audit.html.j2", visitor, trail=trail)

    async def accessibility(self, request: Request) -> Response:
        """Show the accessibility statement (readable without signing in)."""
        visitor = await self.visitor(request)
        return self.render(request, "accessibility.html.j2", visitor)


def form_problem(action: str, data: dict[str, str]) -> tuple[str, str] | None:
    """Return the field a confirmation form is missing and what to do, in the console's own words."""
    if action == "assign" and not data.get("councillor", "").strip():
        return "councillor", "Choose the councillor who is to deal with it"
    if ACTIONS[action][3] and not data.get("note", "").strip():
        return "note", f"{ACTIONS[action][2]}: say it in a few words (the audit trail keeps it)"
    return None


def safe_next(target: str) -> str:
    """Return a path on this site to go to after signing in (never another site)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def parse_due(text: str, config: Config) -> datetime | None:
    """Return the due date (end of that day, council time) or None; say what to type when it is not a date."""
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("The due date must be a date, for example 2027-01-31") from None
    return datetime.combine(day, dtime(17, 0), tzinfo=config.zone).astimezone(UTC)


def captured_record(page: console.FindingPage) -> dict[str, Any]:
    """Return the record the newest evidence capture holds (the post as read, even after it is purged)."""
    for row in reversed(page.evidence):
        try:
            record = json.loads(row.capture_json).get("record")
        except ValueError:
            continue
        if isinstance(record, dict):
            return record
    return {}


def marked(page: console.FindingPage, evidence: dict[str, Any]) -> tuple[str, str, str] | None:
    """Return the post text cut at the evidence's span (before, matched, after), when the span is in it."""
    span = evidence.get("span")
    record = captured_record(page)
    kept = record.get("text") if record.get("type") == "Post" and isinstance(record.get("text"), str) else None
    text = (page.post.text if page.post else kept) if evidence.get("field", "text") == "text" else None
    if text is None or not isinstance(span, list) or len(span) != 2:
        return None
    start, end = span
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None
    return text[:start], text[start:end], text[end:]


# The clauses a check's docstring quotes: Clause 6.4: "..." or Appendix, Don't: "...".
QUOTED = re.compile(r'((?:Clause [\d.]+|Appendix, [^:"]{1,12}): "(.+?)")', re.S)


def clause_quotes(doc: str) -> list[tuple[str, str]]:
    """Return the policy's words a check quotes, each with where they come from, in one line each."""
    return [(m.group(1).split(":")[0], " ".join(m.group(2).split())) for m in QUOTED.finditer(doc)]


def post_link(page: console.FindingPage) -> str | None:
    """Return a link to the post on its platform, only when it is that platform's own https address."""
    row = page.finding
    entry = PLATFORMS.get(row.platform)
    if entry is None:
        return None
    stored = page.post.url if page.post else None
    if stored and entry.own_post_url.match(stored):
        return stored
    if row.post_id:
        return entry.post_url(row.handle, row.post_id)
    return entry.account_url(row.handle)


Endpoint = Callable[[Request], Awaitable[Response]]
