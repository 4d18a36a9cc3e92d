"""kombu's filesystem transport, made safe for the embedded default.

The stock transport creates a message file and then writes it; a worker polling at that
moment reads an empty file and dies with a JSONDecodeError, losing the message (kombu
issue 1551, seen here in 2 of about 35 runs). Here a message is written to a temporary
file in the same folder and renamed into place, so a reader sees a whole message or none.
A worker claims a message by renaming it into a `processing` folder on the same
filesystem: a rename is atomic, so two workers never take the same message.
"""

import os
import tempfile
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

TRANSPORT_ALIAS = "safefs"


class Channel(filesystem.Channel):
    """A filesystem channel with atomic writes and atomic claims."""

    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        descriptor, temporary_path = tempfile.mkstemp(
            dir=self.data_folder_out, prefix="incoming-", suffix=".part"
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary_path, os.path.join(self.data_folder_out, name))
        except OSError as error:
            if os.path.exists(temporary_path):
                os.unlink(temporary_path)
            raise ChannelError(f"Cannot add a message to {self.data_folder_out!r}") from error

    def _get(self, queue):
        suffix = f"{queue}.msg"
        processing_folder = os.path.join(self.data_folder_in, "processing")
        os.makedirs(processing_folder, exist_ok=True)
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.partition(".")[2] != suffix:
                continue
            claimed = os.path.join(processing_folder, name)
            try:
                os.rename(os.path.join(self.data_folder_in, name), claimed)
            except OSError:
                continue  # another worker claimed it first
            try:
                with open(claimed, "rb") as handle:
                    payload = handle.read()
                os.remove(claimed)
            except OSError as error:
                raise ChannelError(f"Cannot read the message {claimed!r}") from error
            return loads(bytes_to_str(payload))
        raise filesystem.Empty()


class Transport(filesystem.Transport):
    Channel = Channel


TRANSPORT_ALIASES[TRANSPORT_ALIAS] = "ecosystem.broker:Transport"
