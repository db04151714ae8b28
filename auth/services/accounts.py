"""People: registration, password sign-in with lockout, password reset, invitations, suspension.

No HTTP here: pages and API endpoints call these and map the errors.
Every change is audited in the same transaction; every sign-in, failed or
not, is audited too.
"""
from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Callable

from confusable_homoglyphs import confusables
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from auth.credentials import passwords
from auth.credentials.secrets import hash_secret, matches, new_secret
from auth.mail import send_mail
from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.models import Invitation, Membership, Organisation, PasswordReset, User, db, utcnow
from marketplace.services import audit
from marketplace.services.common import commit, get_or_404, require
from marketplace.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError

log = logging.getLogger(__name__)

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
ROLES = ("member", "admin")


class SignInRefused(ServiceError):
    """Wrong email or password, a locked account, or a suspended one."""

    status = 401

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class InvalidLink(ServiceError):
    """A reset or invitation link that is tampered with, expired, or already used."""

    status = 400


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "Enter your email address."
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        return "Enter an email address in the correct format, like name@example.nhs.uk."
    if _look_alike(email):
        return ("Enter an email address written in one alphabet: this one mixes letters from different "
                "alphabets that look alike (such as a Cyrillic а in a Latin name).")
    return None


def _look_alike(email: str) -> bool:
    """An address that mixes scripts with look-alike letters (``аdmin@`` with a Cyrillic а)
    imitates another account's address. The local part and each domain label are checked
    on their own: ``josé@пример.рф`` is fine, ``аdmin@example.nhs.uk`` is not."""
    local, _, domain = email.rpartition("@")
    return any(confusables.is_dangerous(part) for part in [local, *domain.split(".")] if part)


def user_by_email(email: str) -> User | None:
    return db.session.execute(db.select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


# --- Registration and sign-in ---------------------------------------------------------

def register(email: str, password: str, name: str, remote_addr: str | None = None) -> User:
    email = normalise_email(email)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if problem := email_problem(email):
        errors["email"] = [problem]
    if not name:
        errors["name"] = ["Enter your full name."]
    elif len(name) > 200:
        errors["name"] = ["Enter a name of at most 200 characters."]
    if problems := passwords.password_problems(password or "", email):
        errors["password"] = problems
    if errors:
        raise Invalid("Check the details you entered.", errors)
    if user_by_email(email) is not None:
        raise Invalid("Check the details you entered.",
                      {"email": ["An account with this email address already exists. Sign in, or reset your password."]})
    user = User(email=email, name=name, password_hash=passwords.hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(Actor(user=user, label=f"user:{user.id}", remote_addr=remote_addr), "user.register", user)
    commit()
    return user


def _lockout_seconds() -> int:
    return int(current_app.config.get("LOCKOUT_SECONDS", 15 * 60))


def _refuse(user: User | None, email: str, remote_addr: str | None, reason: str) -> None:
    actor = Actor(user=None, label="anonymous", remote_addr=remote_addr)
    audit.record(actor, "user.sign_in_failed", user, object_type="user", email=email[:254], reason=reason)


def authenticate(email: str, password: str, remote_addr: str | None = None) -> User:
    """The person with these credentials, or SignInRefused (and the attempt is recorded)."""
    email = normalise_email(email)
    user = user_by_email(email) if email else None
    now = utcnow()
    if user is None or not user.password_hash:
        passwords.burn_time(password or "")  # the same time as a wrong password
        _refuse(user, email, remote_addr, "unknown email" if user is None else "no password set")
        commit()
        raise SignInRefused("Enter a correct email address and password.")
    if user.locked_until is not None and user.locked_until > now:
        _refuse(user, email, remote_addr, "locked")
        commit()
        wait = int((user.locked_until - now).total_seconds()) + 1
        raise SignInRefused(
            f"Too many failed attempts to sign in. Try again in {max(1, round(wait / 60))} minutes, "
            "or reset your password.", retry_after=wait)
    if not passwords.verify_password(user.password_hash, password or ""):
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        threshold = int(current_app.config.get("LOCKOUT_THRESHOLD", 5))
        if user.failed_sign_ins >= threshold:
            user.locked_until = now + timedelta(seconds=_lockout_seconds())
            user.failed_sign_ins = 0
            _refuse(user, email, remote_addr, "wrong password; account locked")
            log.warning("Locked user %s after %s failed sign-ins from %s", user.id, threshold, remote_addr)
        else:
            _refuse(user, email, remote_addr, "wrong password")
        commit()
        raise SignInRefused("Enter a correct email address and password.")
    if user.is_suspended:
        _refuse(user, email, remote_addr, "suspended")
        commit()
        raise SignInRefused("This account is suspended. Contact the marketplace team.")
    user.failed_sign_ins = 0
    user.locked_until = None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def end_all_sessions(user: User) -> None:
    """Every live browser session of ``user`` stops working at its next request (auth.http.sessions
    signs a session with the epoch, so bumping it is enough)."""
    user.session_epoch = (user.session_epoch or 1) + 1


# --- Password reset ----------------------------------------------------------------------

def _reset_serialiser() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _reset_max_age() -> int:
    return int(current_app.config.get("PASSWORD_RESET_SECONDS", 60 * 60))


def request_password_reset(email: str, link_for: Callable[[str], str], remote_addr: str | None = None) -> None:
    """Email a reset link if the account exists. Says nothing either way, so no one learns who has an account."""
    user = user_by_email(email)
    actor = Actor(label="anonymous", remote_addr=remote_addr)
    if user is None or user.is_suspended:
        audit.record(actor, "user.password_reset_requested", user, object_type="user",
                     email=normalise_email(email)[:254], sent=False)
        commit()
        return
    nonce = new_secret()
    row = PasswordReset(user_id=user.id, token_hash=hash_secret(nonce),
                        expires_at=utcnow() + timedelta(seconds=_reset_max_age()))
    db.session.add(row)
    db.session.flush()
    token = _reset_serialiser().dumps({"id": row.id, "n": nonce})
    audit.record(actor, "user.password_reset_requested", user, sent=True)
    commit()
    minutes = _reset_max_age() // 60
    send_mail(user.email, "Reset your password for the NHS innovation marketplace",
              f"Hello {user.name},\n\nUse this link to choose a new password. It works once, "
              f"for {minutes} minutes:\n\n{link_for(token)}\n\n"
              "If you did not ask to reset your password, you can ignore this email: nothing has changed.\n")


def reset_for_token(token: str) -> PasswordReset:
    """The open reset this link names, or InvalidLink."""
    try:
        data = _reset_serialiser().loads(token, max_age=_reset_max_age())
    except SignatureExpired:
        raise InvalidLink("This link has expired. Ask for a new one.") from None
    except BadSignature:
        raise InvalidLink("This link is not valid. Check you copied all of it, or ask for a new one.") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not isinstance(data.get("n"), str):
        raise InvalidLink("This link is not valid. Ask for a new one.")
    row = db.session.get(PasswordReset, data["id"])
    if row is None or not matches(data["n"], row.token_hash):
        raise InvalidLink("This link is not valid. Ask for a new one.")
    _check_single_use(row.used_at, row.expires_at,
                      used="This link has already been used. Ask for a new one if you need to.",
                      expired="This link has expired. Ask for a new one.")
    return row


def _check_single_use(used_at, expires_at, *, used: str, expired: str) -> None:
    """A link sent by email works once, until it expires; otherwise InvalidLink saying which."""
    if used_at is not None:
        raise InvalidLink(used)
    if expires_at <= utcnow():
        raise InvalidLink(expired)


def reset_password(token: str, new_password: str, remote_addr: str | None = None) -> User:
    row = reset_for_token(token)
    user = row.user
    if problems := passwords.password_problems(new_password or "", user.email):
        raise Invalid("Check your new password.", {"password": problems})
    now = utcnow()
    user.password_hash = passwords.hash_password(new_password)
    user.failed_sign_ins = 0
    user.locked_until = None
    end_all_sessions(user)
    # Every other link for this person dies with this one.
    for other in db.session.execute(
        db.select(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
    ).scalars():
        other.used_at = now
    audit.record(Actor(user=user, label=f"user:{user.id}", remote_addr=remote_addr), "user.password_reset", user)
    commit()
    return user


# --- Organisation membership and invitations ---------------------------------------------------

def _invite_days() -> int:
    return int(current_app.config.get("INVITATION_DAYS", 7))


def invite(actor: Actor, organisation_id: int, email: str, role: str, link_for: Callable[[str], str]) -> Invitation:
    org = get_or_404(Organisation, organisation_id, "organisation")
    require(actor, permissions.can_manage_members(actor, org), f"Only admins of {org.name} can invite people.")
    email = normalise_email(email)
    errors = {}
    if problem := email_problem(email):
        errors["email"] = [problem]
    if role not in ROLES:
        errors["role"] = ["Choose member or admin."]
    if errors:
        raise Invalid("Check the invitation.", errors)
    existing = user_by_email(email)
    if existing is not None and any(m.organisation_id == org.id for m in existing.memberships):
        raise Conflict(f"{email} is already a member of {org.name}.", {"email": ["already a member"]})
    token = new_secret("inv_")
    invitation = Invitation(organisation_id=org.id, email=email, role=role, token_hash=hash_secret(token),
                            invited_by_user_id=actor.user.id if actor.user else None,
                            expires_at=utcnow() + timedelta(days=_invite_days()))
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor, "invitation.create", invitation, object_type="invitation", email=email, role=role,
                 organisation=org.ref)
    commit()
    inviter = actor.user.name if actor.user else "The marketplace team"
    send_mail(email, f"Join {org.name} on the NHS innovation marketplace",
              f"{inviter} has invited you to join {org.name} on the NHS innovation marketplace as {role}.\n\n"
              f"Accept the invitation within {_invite_days()} days:\n\n{link_for(token)}\n")
    return invitation


def invitation_for_token(token: str) -> Invitation:
    row = db.session.execute(
        db.select(Invitation).where(Invitation.token_hash == hash_secret(token or ""))
    ).scalar_one_or_none()
    if row is None:
        raise InvalidLink("This invitation link is not valid. Ask the person who invited you to send a new one.")
    if row.withdrawn_at is not None:  # only open invitations are withdrawn, so never an accepted one
        raise InvalidLink("This invitation has been withdrawn.")
    _check_single_use(row.accepted_at, row.expires_at, used="This invitation has already been accepted.",
                      expired="This invitation has expired. Ask the person who invited you to send a new one.")
    return row


def accept_invitation(actor: Actor, token: str) -> Membership:
    invitation = invitation_for_token(token)
    require(actor, actor.user is not None and actor.via == "session", "Sign in to accept the invitation.")
    if actor.user.email != invitation.email:
        raise Forbidden(f"This invitation was sent to {invitation.email}. Sign in with that email address to accept it.")
    membership = next((m for m in actor.user.memberships if m.organisation_id == invitation.organisation_id), None)
    if membership is None:
        membership = Membership(user_id=actor.user.id, organisation_id=invitation.organisation_id, role=invitation.role)
        db.session.add(membership)
    elif invitation.role == "admin":
        membership.role = "admin"
    invitation.accepted_at = utcnow()
    invitation.accepted_by_user_id = actor.user.id
    audit.record(actor, "invitation.accept", invitation, object_type="invitation",
                 organisation=invitation.organisation.ref, role=membership.role)
    commit()
    return membership


def withdraw_invitation(actor: Actor, organisation_id: int, invitation_id: int) -> None:
    org = get_or_404(Organisation, organisation_id, "organisation")
    require(actor, permissions.can_manage_members(actor, org), f"Only admins of {org.name} can withdraw invitations.")
    invitation = get_or_404(Invitation, invitation_id, "open invitation",
                            lambda invitation: invitation.organisation_id == org.id and invitation.is_open)
    invitation.withdrawn_at = utcnow()
    audit.record(actor, "invitation.withdraw", invitation, object_type="invitation")
    commit()


def open_invitations(actor: Actor, organisation_id: int) -> list[Invitation]:
    org = get_or_404(Organisation, organisation_id, "organisation")
    require(actor, permissions.can_manage_members(actor, org), f"Only admins of {org.name} can see its invitations.")
    rows = db.session.execute(
        db.select(Invitation).where(Invitation.organisation_id == org.id, Invitation.accepted_at.is_(None),
                                    Invitation.withdrawn_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())
    ).scalars()
    return list(rows)


def members(actor: Actor, organisation_id: int) -> list[Membership]:
    org = get_or_404(Organisation, organisation_id, "organisation")
    require(actor, permissions.can_see_members(actor, org), f"Only members of {org.name} can see who belongs to it.")
    return sorted(org.memberships, key=lambda m: (m.role != "admin", m.user.name.lower()))


def remove_member(actor: Actor, organisation_id: int, user_id: int) -> None:
    org = get_or_404(Organisation, organisation_id, "organisation")
    require(actor, permissions.can_manage_members(actor, org), f"Only admins of {org.name} can remove members.")
    membership = next((m for m in org.memberships if m.user_id == user_id), None)
    if membership is None:
        raise NotFound(f"No member with user id {user_id} in {org.name}.")
    if membership.role == "admin" and sum(m.role == "admin" for m in org.memberships) == 1:
        raise Conflict(f"{org.name} must keep at least one admin.")
    audit.record(actor, "membership.remove", org, user_id=user_id, role=membership.role)
    db.session.delete(membership)
    commit()


# --- Platform administration -------------------------------------------------------------

def set_suspended(actor: Actor, user_id: int, suspended: bool, reason: str = "") -> User:
    require(actor, permissions.can_suspend_users(actor), "Only platform administrators suspend accounts.")
    user = get_or_404(User, user_id, "user")
    if actor.user is not None and actor.user.id == user.id and suspended:
        raise Invalid("You cannot suspend your own account.", {"suspended": ["this is your own account"]})
    if user.is_suspended != suspended:
        user.is_suspended = suspended
        if suspended:
            end_all_sessions(user)
        audit.record(actor, "user.suspend" if suspended else "user.reinstate", user, reason=reason[:500])
        commit()
    return user


def list_users(actor: Actor, query: str = "", page: int = 1, per_page: int = 50) -> tuple[list[User], int]:
    require(actor, permissions.can_suspend_users(actor), "Only platform administrators list accounts.")
    select = db.select(User)
    if query:
        like = f"%{query.strip().lower()}%"
        select = select.where(db.or_(db.func.lower(User.email).like(like), db.func.lower(User.name).like(like)))
    total = db.session.execute(db.select(db.func.count()).select_from(select.subquery())).scalar_one()
    rows = db.session.execute(select.order_by(User.id).offset((page - 1) * per_page).limit(per_page)).scalars()
    return list(rows), total
