"""Forms on the pages: parse what was posted, check it, call a service, show what went wrong.

A ``Form`` subclass lists its ``Field``s. The same steps serve every form:

    form = NeedForm.from_request(request.form)          # raw values kept for redisplay
    form.load(NeedCreate())                              # the API's schema checks the input
    need = form.submit(lambda data: listings.create(...))  # service errors become field messages
    if need is None:
        return render_template(..., form=form)           # error summary + field messages, values kept

Field paths in errors (``clinical_areas``, ``clinical_areas.0``, ``problem``) map to
the field that shows them; anything else goes to the top of the error summary.
Messages from the schemas are rewritten into plain English for people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from marshmallow import Schema, ValidationError

from marketplace.services.errors import Conflict, Invalid

FORM_ERROR = "_form"
# Control characters (other than tab and newlines) have no place in any field; the databases
# refuse NUL. Caught here, so no service or query ever sees them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Field:
    """One input. ``kind``: text, code (one choice), codes (checkboxes), yesno, int, date, month, version,
    password.

    A ``password`` is taken as typed (spaces at either end are part of it) and never sent back to
    the browser: the form keeps no value to show again.

    A ``month`` is typed as month and year and given to services as "YYYY-MM".

    ``what`` names the thing in messages ("a title", "at least one clinical area").
    ``blank``: what an empty text means: "omit" (leave it out) or "none" (clear it).
    ``required``: an empty value is an error here, whatever the schema says (a title cannot be cleared).
    """

    name: str
    label: str
    kind: str = "text"
    what: str = ""
    blank: str = "omit"
    required: bool = False

    @property
    def anchor(self) -> str:
        # The element the error summary links to: the first input of the group.
        return {"date": f"{self.name}-day", "month": f"{self.name}-month"}.get(self.kind, self.name)



# Fields several forms ask in the same words: each is written once, here.
YOUR_ORGANISATION = Field("organisation", "Organisation", "code", what="your organisation", required=True)
MESSAGE = Field("message", "Message", what="a message", required=True)
NOTE = Field("note", "Note", blank="omit")
VERSION = Field("version", "Version", "version")


def solution_chosen(what: str = "the solution", **rules) -> Field:
    """The solution a form is about, chosen by id (``required=True`` or ``blank="omit"``)."""
    return Field("solution_id", "Solution", "int", what=what, **rules)


class Form:
    fields: tuple[Field, ...] = ()

    def __init__(self, values: dict | None = None):
        self.values: dict = dict(values or {})
        self.data: dict = {}
        self.errors: dict[str, list[str]] = {}

    # --- building ------------------------------------------------------------------
    @classmethod
    def from_record(cls, record, **extra) -> "Form":
        values = {}
        for f in cls.fields:
            value = getattr(record, f.name, None)
            if f.kind == "yesno":
                values[f.name] = "yes" if value else "no"
            elif f.kind == "date":
                values[f.name] = ({"day": str(value.day), "month": str(value.month), "year": str(value.year)}
                                  if value else {})
            elif f.kind == "month":
                year, _, rest = (value or "").partition("-")
                values[f.name] = {"month": str(int(rest[:2])), "year": year} if year and rest[:2].isdigit() else {}
            elif f.kind == "codes":
                values[f.name] = list(value or [])
            else:
                values[f.name] = "" if value is None else str(value)
        values.update(extra)
        return cls(values)

    @classmethod
    def from_request(cls, formdata) -> "Form":
        """Parse a posted form: ``values`` keeps what was typed, ``data`` what the services take."""
        form = cls()
        for f in cls.fields:
            if f.kind == "codes":
                raw = [v for v in formdata.getlist(f.name) if v and not CONTROL_CHARACTERS.search(v)]
                form.values[f.name] = raw
                form.data[f.name] = raw
                if f.required and not raw:
                    form.add_error(f.name, friendly(f, "Missing data for required field."))
                continue
            if f.kind == "date":
                parts = {p: CONTROL_CHARACTERS.sub("", formdata.get(f"{f.name}-{p}", "")).strip()[:10]
                         for p in ("day", "month", "year")}
                form.values[f.name] = parts
                form._parse_date(f, parts)
                continue
            if f.kind == "month":
                parts = {p: CONTROL_CHARACTERS.sub("", formdata.get(f"{f.name}-{p}", "")).strip()[:10]
                         for p in ("month", "year")}
                form.values[f.name] = parts
                form._parse_month(f, parts)
                continue
            raw = formdata.get(f.name, "")
            raw = raw.replace("\r\n", "\n") if isinstance(raw, str) else ""
            if f.kind != "password":
                form.values[f.name] = raw
            form._parse_one(f, raw)
        return form

    def _parse_one(self, f: Field, raw: str) -> None:
        if CONTROL_CHARACTERS.search(raw):
            self.add_error(f.name, f"{f.label} must not contain control characters")
            return
        text = raw.strip()
        if f.required and not text:
            self.add_error(f.name, friendly(f, "Missing data for required field."))
            return
        if f.kind == "password":
            self.data[f.name] = raw
            return
        if f.kind == "yesno":
            if text in ("yes", "no"):
                self.data[f.name] = text == "yes"
            return
        if f.kind in ("int", "version"):
            if not text:
                if f.kind == "int" and f.blank == "none":
                    self.data[f.name] = None
                return
            cleaned = re.sub(r"[£,\s]", "", text)
            if not cleaned.isdigit() or len(cleaned) > 15:
                self.add_error(f.name, f"Enter {f.what or f.label.lower()} as a whole number, like 25000")
                return
            self.data[f.name] = int(cleaned)
            return
        if not text:
            if f.blank == "none":
                self.data[f.name] = None
            return
        self.data[f.name] = text if f.kind == "code" else raw.strip()

    def _parse_date(self, f: Field, parts: dict) -> None:
        value = self._parse_day(f, parts, parts["day"], "a real date, like 31 3 2027")
        if value is not None:
            self.data[f.name] = value.isoformat()

    def _parse_month(self, f: Field, parts: dict) -> None:
        value = self._parse_day(f, parts, "1", "a real month and year, like 3 2024")
        if value is not None:
            self.data[f.name] = f"{value:%Y-%m}"

    def _parse_day(self, f: Field, parts: dict, day: str, example: str) -> date | None:
        """The date the parts name on ``day`` (the form's, or "1" for a month), or None: left blank
        (stored as None where the field says so) or not a real date (with ``example`` in the error)."""
        if not any(parts.values()):
            if f.blank == "none":
                self.data[f.name] = None
            return None
        try:
            value = date(int(parts["year"]), int(parts["month"]), int(day))
            if value.year < 1000:
                raise ValueError
        except (ValueError, OverflowError):  # OverflowError: a year or day past what a C int holds
            self.add_error(f.name, f"{f.label} must be {example}")
            return None
        return value

    # --- checking --------------------------------------------------------------------
    def load(self, schema: Schema, **extra) -> dict | None:
        """Check ``data`` (plus ``extra``) with the API's schema; the loaded data, or None with errors."""
        if self.errors:
            # Fields that did not parse still get the schema's word on the others.
            try:
                schema.load({**{k: v for k, v in self.data.items() if k not in self.errors}, **extra})
            except ValidationError as exc:
                self.add_errors(exc.messages)
            return None
        try:
            self.data = schema.load({**self.data, **extra})
        except ValidationError as exc:
            self.add_errors(exc.messages)
            return None
        return self.data

    def submit(self, action):
        """``action(data)`` unless the form has errors; invalid input and conflicts become messages."""
        if self.errors:
            return None
        try:
            return action(self.data)
        except Invalid as exc:
            self.add_errors(exc.errors or {}, exc.message)
        except Conflict as exc:
            self.add_error(FORM_ERROR, exc.message)
        return None

    # --- errors ------------------------------------------------------------------------
    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def add_error(self, name: str, message: str) -> None:
        messages = self.errors.setdefault(name, [])
        if message not in messages:
            messages.append(message)

    def add_errors(self, errors, fallback: str | None = None) -> None:
        if isinstance(errors, list):
            for line in errors:
                self.add_error(FORM_ERROR, str(line))
            return
        added = False
        for path, messages in _flatten(errors):
            name = re.split(r"[.\[]", path, maxsplit=1)[0]
            f = self.field(name)
            for message in messages:
                text = friendly(f, message, self.values.get(name)) if f else str(message)
                self.add_error(name if f else FORM_ERROR, text)
                added = True
        if not added and fallback:
            self.add_error(FORM_ERROR, fallback)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def error(self, name: str) -> str | None:
        messages = self.errors.get(name)
        return messages[0] if messages else None

    def error_list(self) -> list[dict]:
        """The error summary: one link per field (in form order), form-wide problems first."""
        items = [{"text": m} for m in self.errors.get(FORM_ERROR, [])]
        for f in self.fields:
            if f.name in self.errors:
                items.append({"text": self.errors[f.name][0], "href": f"#{f.anchor}"})
        for name, messages in self.errors.items():
            if name != FORM_ERROR and self.field(name) is None:
                items.append({"text": messages[0], "href": f"#{name}"})
        return items

    def value(self, name: str, default=""):
        return self.values.get(name, default)

    def checked(self, name: str, code: str) -> bool:
        value = self.values.get(name)
        return code in value if isinstance(value, list) else value == code


def _flatten(errors, prefix: str = ""):
    """marshmallow's nested messages ({"clinical_areas": {0: ["..."]}}) as (path, [messages])."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, path)
    elif isinstance(errors, (list, tuple)):
        if all(isinstance(m, str) for m in errors):
            yield prefix or FORM_ERROR, list(errors)
        else:
            for item in errors:
                yield from _flatten(item, prefix)
    else:
        yield prefix or FORM_ERROR, [str(errors)]


_LENGTH = re.compile(r"Length must be between (\d+) and (\d+)\.|Shorter than minimum length (\d+)\.|"
                     r"Longer than maximum length (\d+)\.")


def friendly(f: Field, message: str, value=None) -> str:
    """A schema's or service's message about ``f`` (whose typed value was ``value``), as a person would say it."""
    message = str(message)
    what = f.what or f.label.lower()
    if message in ("Missing data for required field.", "required to publish", "Field may not be null."):
        if f.kind == "codes":
            return f"Select {what}" + (" before publishing" if message == "required to publish" else "")
        if f.kind in ("code", "yesno"):
            return f"Select {what}"
        return f"Enter {what}" + (" before publishing" if message == "required to publish" else "")
    if m := _LENGTH.fullmatch(message):
        low, high, minimum, maximum = m.groups()
        if low and isinstance(value, str):
            minimum, maximum = (low, None) if len(value.strip()) < int(low) else (None, high)
        if minimum:
            return f"{f.label} must be {minimum} characters or more"
        if maximum:
            return f"{f.label} must be {int(maximum):,} characters or fewer"
        return f"{f.label} must be between {low} and {high} characters"
    if message.startswith("Must be greater than or equal to") or message.startswith("Must be less than"):
        return f"{f.label} must be between 0 and 1,000,000,000,000"
    if message.startswith("unknown code"):
        return f"Select {what} from the list"
    if message.startswith("Not a valid"):
        return f"Enter {what} in the right format"
    # Services already speak plainly; start with a capital as the design system does.
    return message[:1].upper() + message[1:]

