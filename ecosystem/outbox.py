"""The development outbox: under DEBUG with no mailer configured (what `make run` does),
email is written to files under var/outbox/, one per message, and read back by the page
at /dev/outbox/ (ecosystem/views/outbox.py). Production never uses it: its mailer comes
from EMAIL_URL or EMAIL_BACKEND (see settings.MAILERS).
"""

import email
import email.policy
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import nh3
from django.core.mail.backends import filebased

SUFFIX = ".eml"


class OutboxBackend(filebased.EmailBackend):
    """Writes each message whole to its own file, `<time>-<random>.eml` (a temporary file
    renamed into place, so the page never reads half a message)."""

    def send_messages(self, email_messages) -> int:
        folder = Path(self.file_path)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            name = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}{SUFFIX}"
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(message.message().as_bytes())
                os.replace(temporary, folder / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            sent += 1
        return sent


@dataclass(frozen=True)
class OutboxMessage:
    """A message as the outbox page shows it: headers, and its parts decoded."""

    name: str
    subject: str
    sender: str
    to: str
    sent_at: datetime | None
    text: str
    html: str  # sanitised for the sandboxed frame (html_for_frame)


def _is_message_name(name: str) -> bool:
    return name.endswith(SUFFIX) and not name.startswith(".") and "/" not in name


def outbox_names(folder: Path, *, limit: int = 200) -> list[str]:
    """File names of the messages in the outbox, newest first."""
    try:
        names = [name for name in os.listdir(folder) if _is_message_name(name)]
    except FileNotFoundError:
        return []
    return sorted(names, reverse=True)[:limit]


def outbox_message(folder: Path, name: str) -> OutboxMessage | None:
    """One message, parsed (quoted-printable and base64 parts decoded), or None when no
    such message is in the outbox."""
    if not _is_message_name(name):
        return None
    try:
        data = (folder / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    try:
        sent_at = parsedate_to_datetime(parsed["Date"]) if parsed["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    return OutboxMessage(
        name=name,
        subject=str(parsed["Subject"] or ""),
        sender=str(parsed["From"] or ""),
        to=", ".join(str(value) for value in (parsed.get_all("To") or [])),
        sent_at=sent_at,
        text=text_part.get_content() if text_part is not None else "",
        html=html_for_frame(html_part.get_content()) if html_part is not None else "",
    )


def html_for_frame(html: str) -> str:
    """An HTML part made fit for the page's sandboxed frame: no script, no style and no
    image (each would break the page's Content Security Policy, which the frame inherits),
    links opening in a new tab."""
    return nh3.clean(
        html,
        tags=nh3.ALLOWED_TAGS - {"img", "map", "area"},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def outbox_list(folder: Path, *, limit: int = 200) -> list[OutboxMessage]:
    """The messages, newest first (at most `limit`)."""
    messages = (outbox_message(folder, name) for name in outbox_names(folder, limit=limit))
    return [message for message in messages if message is not None]
