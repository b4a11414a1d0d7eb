"""The ``secretariat`` command: Django's management commands under the project's name.

``secretariat demo`` seeds the demo, ``secretariat audit verify`` checks the audit chain;
any other management command passes through (``secretariat migrate``).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.base")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["secretariat", *args])


if __name__ == "__main__":
    main()
