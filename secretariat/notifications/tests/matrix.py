"""Permission-matrix entries for the notifications app (merged by secretariat/testing/matrix.py)."""

from secretariat.testing.checks import Check

PAGES: dict[str, Check] = {}
API: dict[str, Check] = {}
