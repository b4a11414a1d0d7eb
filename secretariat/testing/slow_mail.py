"""An e-mail backend for the worker drill: Django's file backend, one file per message, that
takes a second per message as a slow mail server would, so a kill lands mid-task."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        time.sleep(1.0)
        return super().send_messages(email_messages)
