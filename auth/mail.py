"""Sending email: SMTP from config; without MAIL_SERVER, messages go to the log (make run)."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message. False (and a logged error) when the server fails: callers decide."""
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg.get("MAIL_FROM", "NHS innovation marketplace <no-reply@localhost>")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not cfg.get("MAIL_SERVER"):
        log.info("MAIL_SERVER is not set, so this message was not sent:\n%s", message)
        return True
    try:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg.get("MAIL_PORT", 25), timeout=cfg.get("MAIL_TIMEOUT", 10)) as smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.error("Could not send mail to %s (%s): %s", to, subject, exc)
        return False


def public_link(path: str) -> str:
    """A link to a page of this site, for an email (``PUBLIC_URL``)."""
    return current_app.config.get("PUBLIC_URL", "http://localhost:5000").rstrip("/") + path


def claim_to_send(session: Session, query) -> list:
    """The rows of ``query`` to email about, locked against a second sender running at the same
    time (PostgreSQL: skipped, not waited for); on SQLite writers are serialised anyway."""
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.execute(query).scalars())
