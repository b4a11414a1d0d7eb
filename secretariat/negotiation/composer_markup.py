"""The composer's plain-text notation for a paragraph's segments, and back.

The chair types the wording in a textarea as it is printed in negotiating texts: a bracketed
span is ``[words]`` and a set of alternative options is ``[option A / option B]`` (a slash
with a space on each side separates options; ``ISO/IEC`` without spaces stays one option).
The holders of each bracket and option are chosen beside the textarea, one group of
checkboxes per span (``Span``). Pure functions: no database, easy to test."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

OPTION_SEPARATOR = " / "
EXCERPT = 30


class MarkupError(ValueError):
    """The notation cannot be read; ``start``/``end`` locate the span (character offsets)."""

    def __init__(self, message: str, start: int, end: int, markup: str) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.excerpt = markup[max(start - 10, 0) : min(end + 10, len(markup))]


@dataclass(frozen=True)
class Span:
    """A bracket (``option`` None) or one option of a set (``option`` its index), numbered
    in reading order (``index``) among the paragraph's brackets and sets of options."""

    index: int
    option: int | None
    text: str

    @property
    def field(self) -> str:
        """The form field holding this span's holders."""
        return (
            f"holders-{self.index}"
            if self.option is None
            else f"holders-{self.index}-{self.option}"
        )

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= EXCERPT else self.text[: EXCERPT - 1] + "…"


def to_markup(content: list[dict[str, Any]]) -> str:
    """The notation of stored segments (holders are left out: they are chosen apart)."""
    parts = []
    for segment in content:
        if "text" in segment:
            parts.append(segment["text"])
        elif "bracket" in segment:
            parts.append("[" + segment["bracket"] + "]")
        elif "options" in segment:
            texts = [option.get("text", "") for option in segment["options"]]
            parts.append("[" + OPTION_SEPARATOR.join(texts) + "]")
    return "".join(parts)


def parse(markup: str) -> list[dict[str, Any]]:
    """Segments without holders; ``MarkupError`` says where the notation is wrong."""
    markup = " ".join(markup.replace("\r", "").split("\n")).strip()
    if not markup:
        raise MarkupError(_("The paragraph has no wording."), 0, 0, markup)
    segments: list[dict[str, Any]] = []
    position = 0
    while position < len(markup):
        opening = markup.find("[", position)
        closing = markup.find("]", position)
        if closing != -1 and (opening == -1 or closing < opening):
            raise MarkupError(
                _("A closing bracket “]” has no opening bracket before it."),
                closing,
                closing + 1,
                markup,
            )
        if opening == -1:
            segments.append({"text": markup[position:]})
            break
        if opening > position:
            segments.append({"text": markup[position:opening]})
        end = markup.find("]", opening + 1)
        nested = markup.find("[", opening + 1)
        if end == -1:
            raise MarkupError(
                _("A bracket “[” is opened but never closed."), opening, len(markup), markup
            )
        if nested != -1 and nested < end:
            raise MarkupError(
                _("A bracket opens inside another bracket; brackets cannot be nested."),
                opening,
                end + 1,
                markup,
            )
        segments.append(_bracketed(markup, opening, end))
        position = end + 1
    return segments


def _bracketed(markup: str, opening: int, end: int) -> dict[str, Any]:
    inner = markup[opening + 1 : end]
    options = inner.split(OPTION_SEPARATOR)
    if not inner.strip():
        raise MarkupError(_("A bracket is empty."), opening, end + 1, markup)
    if len(options) == 1:
        return {"bracket": inner, "holders": []}
    if any(not option.strip() for option in options):
        raise MarkupError(
            _("An alternative option is empty (two separators “ / ” in a row?)."),
            opening,
            end + 1,
            markup,
        )
    return {"options": [{"text": option.strip(), "holders": []} for option in options]}


def spans(content: list[dict[str, Any]]) -> list[Span]:
    """The spans that take holders, in reading order."""
    found: list[Span] = []
    index = 0
    for segment in content:
        if "bracket" in segment:
            index += 1
            found.append(Span(index, None, segment["bracket"]))
        elif "options" in segment:
            index += 1
            found += [
                Span(index, number, option.get("text", ""))
                for number, option in enumerate(segment["options"], start=1)
            ]
    return found


def holders_of(content: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each span's holders by its field name."""
    by_field: dict[str, list[str]] = {}
    for span, holders in zip(spans(content), _holder_lists(content), strict=True):
        by_field[span.field] = holders
    return by_field


def _holder_lists(content: list[dict[str, Any]]) -> list[list[str]]:
    lists: list[list[str]] = []
    for segment in content:
        if "bracket" in segment:
            lists.append(list(segment.get("holders", [])))
        elif "options" in segment:
            lists += [list(option.get("holders", [])) for option in segment["options"]]
    return lists


def with_holders(
    content: list[dict[str, Any]], posted: dict[str, tuple[str, list[str]]]
) -> list[dict[str, Any]]:
    """``content`` with each span's holders from the form: ``posted`` maps a field to the
    span's words when the form was shown and the holders ticked. A span takes the holders of
    the field that showed the same words (so typing a bracket before another does not hand
    the other's holders over), else those of its own field if that field's words are gone
    (the span was reworded), else none."""
    current = spans(content)
    texts = {span.text for span in current}
    by_text: dict[str, list[str]] = {}
    for _field, (text, holders) in posted.items():
        by_text.setdefault(text, holders)

    def holders_for(span: Span) -> list[str]:
        own = posted.get(span.field)
        if own is not None and own[0] == span.text:
            return own[1]
        if span.text in by_text:
            return by_text[span.text]
        if own is not None and own[0] not in texts:
            return own[1]
        return []

    result: list[dict[str, Any]] = []
    for segment, span_list in _paired(content):
        if "bracket" in segment:
            holders = holders_for(span_list[0])
            result.append({"bracket": segment["bracket"], "holders": list(dict.fromkeys(holders))})
        elif "options" in segment:
            options = [
                {"text": option["text"], "holders": list(dict.fromkeys(holders_for(span)))}
                for option, span in zip(segment["options"], span_list, strict=True)
            ]
            result.append({"options": options})
        else:
            result.append(segment)
    return result


def _paired(content: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[Span]]]:
    every = iter(spans(content))
    paired = []
    for segment in content:
        if "bracket" in segment:
            paired.append((segment, [next(every)]))
        elif "options" in segment:
            paired.append((segment, [next(every) for _option in segment["options"]]))
        else:
            paired.append((segment, []))
    return paired
