"""What the pages of a conversation share (a response to a need, a co-design request): the
message form, writing in the thread, and a one-button action that answers with a flash."""
from __future__ import annotations

from flask import flash, redirect, request

from marketplace.schemas import interests as schemas

from .forms import FORM_ERROR, Field, Form


class MessageForm(Form):
    fields = (Field("body", "Message", what="a message", required=True),)


def post_message(write, rerender, back: str):
    """Read the message form and ``write(body)``; on a mistake ``rerender(form)`` (the page with
    the error summary), otherwise back to the thread at ``back``."""
    form = MessageForm.from_request(request.form)
    form.load(schemas.MessageCreate())
    if form.submit(lambda data: write(data["body"])) is None:
        return rerender(form)
    flash("Your message has been sent.", "success")
    return redirect(back + "#thread")


def act_and_flash(act, success: str, back: str):
    """A button with no fields: run ``act()``, flash ``success`` or the reason it failed, go back."""
    form = Form()
    if form.submit(lambda _: act()) is None:
        flash(form.error(FORM_ERROR) or "That could not be done.", "error")
    else:
        flash(success, "success")
    return redirect(back)
