"""The console's people: argon2id passwords, TOTP second factor, lockout, and server-side sessions.

A session's cookie holds a random id; the database holds only its SHA-256, so a copy of the database
signs no one in. Sessions expire, and all of a person's end when they sign out, change their password,
are disabled or reset. Eleven wrong passwords in a row lock the account until `users reset`.
Every change is an audit entry (actor, time, address) in the same chain as the findings' actions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Final

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlmodel import Session, col, select

from monitor.store.chain import append
from monitor.store.db import StoreError
from monitor.store.models import WebSessionRow, WebUserRow
from monitor.store.repo import storable

ROLES: Final = ("clerk", "deputy", "viewer")
# Roles that may act on findings, and that must sign in with an authenticator code.
ACTING: Final = ("clerk", "deputy")
LOCK_AFTER: Final = 11
MIN_PASSWORD: Final = 12
SESSION_HOURS: Final = 8  # a working day; then sign in again
HALF_SIGNED_MINUTES: Final = 10  # between a right password and the authenticator code
ISSUER: Final = "Council social media monitor"
# argon2-cffi's defaults are RFC 9106's second recommended (low-memory) argon2id profile.
_HASHER = PasswordHasher()
# Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class UserError(StoreError):
    """A person that does not exist, or a change that cannot be made (what is wrong and what to do)."""


class SignInRefused(UserError):
    """Wrong name, password or code, a disabled or locked account: one message for all, kept vague on purpose."""


def audit_event(session: Session, actor: str, action: str, note: str, now: datetime) -> None:
    """Record a console event that is about no finding (sign-in, a person added) in the audit chain."""
    append(session, None, storable(actor, 64), storable(action, 32), storable(note), now)


def new_password() -> str:
    """Return a one-time password of 20 characters (about 119 bits)."""
    return secrets.token_urlsafe(15)


def _check_password_rules(password: str) -> None:
    """Refuse a password too short to be safe, saying how long it must be."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password has {len(password)} characters", f"use at least {MIN_PASSWORD}")


def get_user(session: Session, name: str) -> WebUserRow:
    """Return a person by sign-in name, or say how to list them."""
    row = session.exec(select(WebUserRow).where(WebUserRow.name == name)).first()
    if row is None:
        raise UserError(f"no console user {name!r}", "list them with council-monitor users list")
    return row


def list_users(session: Session) -> list[WebUserRow]:
    """Return every person, by name."""
    return list(session.exec(select(WebUserRow).order_by(col(WebUserRow.name))))


def add_user(session: Session, name: str, email: str, role: str, password: str, by: str,
             now: datetime) -> WebUserRow:
    """Add a person who must change the given password (and enrol an authenticator) at first sign-in."""
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise UserError(f"the name {name!r} cannot be used", "give one word of 1 to 64 characters, e.g. jsmith")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}", f"use one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise UserError(f"{email!r} is not an email address", "give the address alerts about the console go to")
    if session.exec(select(WebUserRow).where(WebUserRow.name == name)).first() is not None:
        raise UserError(f"there is already a console user {name!r}", "choose another name, or use users reset")
    _check_password_rules(password)
    row = WebUserRow(name=name, email=email, role=role, password_hash=_HASHER.hash(password),
                     created_at=now, password_changed_at=now)
    session.add(row)
    session.flush()
    audit_event(session, by, "user added", f"{name} ({role})", now)
    return row


def disable_user(session: Session, name: str, by: str, now: datetime) -> WebUserRow:
    """Stop a person signing in, and end their sessions now."""
    row = get_user(session, name)
    row.disabled = True
    revoke_all(session, row, now)
    audit_event(session, by, "user disabled", name, now)
    session.flush()
    return row


def reset_user(session: Session, name: str, password: str, by: str, now: datetime) -> WebUserRow:
    """Give a person a new one-time password, unlock and re-enable them, and make them enrol again."""
    row = get_user(session, name)
    _check_password_rules(password)
    row.password_hash = _HASHER.hash(password)
    row.must_change_password, row.password_changed_at = True, now
    row.disabled, row.failed_attempts, row.locked_at = False, 0, None
    row.totp_secret, row.totp_enrolled, row.totp_last_step = None, False, 0
    revoke_all(session, row, now)
    audit_event(session, by, "user reset", name, now)
    session.flush()
    return row


def check_password(session: Session, name: str, password: str, address: str, now: datetime) -> WebUserRow:
    """Return the person if the password is theirs and they may sign in; count and lock on failure."""
    row = session.exec(select(WebUserRow).where(WebUserRow.name == name)).first()
    try:
        _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
        right = row is not None
    except (VerificationError, InvalidHashError):
        right = False
    if row is None:
        audit_event(session, f"unknown from {address}", "sign-in refused", "no such user", now)
        raise SignInRefused("the name or password is wrong")
    if row.disabled or row.locked_at is not None:
        audit_event(session, who(row.name, address), "sign-in refused", "disabled" if row.disabled else "locked", now)
        raise SignInRefused("the name or password is wrong, or the account is locked",
                            "ask the IT contractor to run council-monitor users reset")
    if not right:
        row.failed_attempts += 1
        note = f"wrong password ({row.failed_attempts} in a row)"
        if row.failed_attempts >= LOCK_AFTER:
            row.locked_at = now
            note += ": account locked"
        audit_event(session, who(row.name, address), "sign-in refused", note, now)
        session.flush()
        raise SignInRefused("the name or password is wrong")
    row.failed_attempts = 0
    if _HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = _HASHER.hash(password)
    session.flush()
    return row


def change_password(session: Session, user: WebUserRow, current: str, new: str, address: str,
                    now: datetime) -> None:
    """Change one's own password after checking the current one; every session of theirs ends."""
    try:
        _HASHER.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise UserError("the current password is wrong", "type the password you signed in with") from None
    if new == current:
        raise UserError("the new password is the same as the current one", "choose a different one")
    _check_password_rules(new)
    user.password_hash, user.must_change_password, user.password_changed_at = _HASHER.hash(new), False, now
    revoke_all(session, user, now)
    audit_event(session, who(user.name, address), "password changed", "every session ended", now)
    session.flush()


def who(name: str, address: str) -> str:
    """Return the audit trail's actor for a person at an address."""
    return f"{name} from {address}" if address else name


# ---------------------------------------------------------------------------------------------
# The second factor


def start_enrolment(session: Session, user: WebUserRow) -> str:
    """Return the person's new TOTP key (kept until a first right code confirms it)."""
    if user.totp_enrolled:
        raise UserError("an authenticator is already enrolled", "ask for users reset to enrol another")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        session.flush()
    return user.totp_secret


def provisioning_uri(user: WebUserRow, council: str) -> str:
    """Return the otpauth:// URI an authenticator app reads from the QR code."""
    assert user.totp_secret
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.name, issuer_name=f"{ISSUER} ({council})"[:60])


def verify_code(session: Session, user: WebUserRow, code: str, address: str, now: datetime) -> bool:
    """Accept a six-digit code once (this step or the one either side); a wrong one counts like a password."""
    if not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    code = "".join(code.split())
    for drift in (0, -1, 1):
        at = now + timedelta(seconds=30 * drift)
        step = totp.timecode(at)
        if step > user.totp_last_step and secrets.compare_digest(totp.at(at), code):
            user.totp_last_step, user.failed_attempts = step, 0
            if not user.totp_enrolled:
                user.totp_enrolled = True
                audit_event(session, who(user.name, address), "authenticator enrolled", "", now)
            session.flush()
            return True
    user.failed_attempts += 1
    if user.failed_attempts >= LOCK_AFTER:
        user.locked_at = now
    audit_event(session, who(user.name, address), "sign-in refused", f"wrong code ({user.failed_attempts} in a row)",
                now)
    session.flush()
    return False


# ---------------------------------------------------------------------------------------------
# Sessions


def _hash(token: str) -> str:
    """Return the SHA-256 a session is stored under."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: WebUserRow, stage: str, address: str,
                 now: datetime) -> tuple[str, WebSessionRow]:
    """Start a session and return the cookie's random id with the row (a new id at each stage: no fixation)."""
    token = secrets.token_urlsafe(32)
    minutes = SESSION_HOURS * 60 if stage == "full" else HALF_SIGNED_MINUTES
    row = WebSessionRow(id_hash=_hash(token), user_id=user.id or 0, stage=stage, csrf_token=secrets.token_urlsafe(32),
                        address=storable(address, 64), created_at=now, expires_at=now + timedelta(minutes=minutes))
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str, now: datetime) -> tuple[WebSessionRow, WebUserRow] | None:
    """Return a live session and its person, or None (expired, revoked, unknown, or the person disabled)."""
    if not token or len(token) > 100:
        return None
    row = session.get(WebSessionRow, _hash(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(WebUserRow, row.user_id)
    if user is None or user.disabled or user.locked_at is not None:
        return None
    return row, user


def end_session(session: Session, token: str, now: datetime) -> None:
    """Revoke one session (signing out)."""
    row = session.get(WebSessionRow, _hash(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        session.flush()


def revoke_all(session: Session, user: WebUserRow, now: datetime) -> None:
    """End every live session of a person."""
    session.connection().execute(
        update(WebSessionRow).where(col(WebSessionRow.user_id) == user.id, col(WebSessionRow.revoked_at).is_(None))
        .values(revoked_at=now))


def purge_sessions(session: Session, now: datetime) -> int:
    """Delete sessions that ended more than a day ago; return how many."""
    old = now - timedelta(days=1)
    rows = list(session.exec(select(WebSessionRow).where(col(WebSessionRow.expires_at) < old)))
    for row in rows:
        session.delete(row)
    return len(rows)
