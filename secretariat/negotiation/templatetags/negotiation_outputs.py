from django import template

register = template.Library()


@register.filter
def earlier_numbers(version):  # type: ignore[no-untyped-def]
    """The numbers of the versions before ``version``, latest first (numbers have no gaps)."""
    return range(version.number - 1, 0, -1) if version is not None else range(0)
