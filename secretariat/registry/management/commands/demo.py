import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from secretariat.registry import demo


class Command(BaseCommand):
    help = "Seed the APEC Digital·AI demo (idempotent). `demo totp USER` prints a demo 2FA code."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", nargs="?", default="seed", choices=["seed", "totp"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            demo.refuse_in_production()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        if options["action"] == "totp":
            self._print_totp(options["username"])
            return
        # The demo's registration decisions and circulated minutes would otherwise print a
        # dozen e-mails into the console before the server starts.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = demo.seed_all()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: " + ", ".join(f"{count} {name}" for name, count in counts.items())
            )
        )
        self.stdout.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
        for account in demo.DEMO_ACCOUNTS:
            two_factor = (
                " — two-factor: `secretariat demo totp " + account.username + "`"
                if account.totp_secret
                else ""
            )
            self.stdout.write(f"  {account.username:<12} {account.role}{two_factor}")

    def _print_totp(self, username: str | None) -> None:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        account = next((a for a in demo.DEMO_ACCOUNTS if a.username == username), None)
        if account is None or not account.totp_secret:
            names = ", ".join(a.username for a in demo.DEMO_ACCOUNTS if a.totp_secret)
            raise CommandError(f"Give a demo account with two-factor: {names}.")
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(account.totp_secret, counter)))
