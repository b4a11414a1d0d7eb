"""An e-mail backend for the worker drill: Django's file backend, one file per message, in the
folder ``EMAIL_FILE_PATH`` names (environment), taking a second per message as a slow mail
server would, so that a kill lands mid-task."""

import os
import time
from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_path", os.environ["EMAIL_FILE_PATH"])
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        return super().send_messages(email_messages)
