"""What an uploaded image really is, decided by its content, never by its name.

The first bytes must be a PNG, JPEG, GIF or WebP signature, and Pillow must read the same
format, verify the file and find at most ``MAX_PIXELS`` pixels (a decompression bomb is
refused before it is decoded). SVG is not accepted: it can carry scripts."""

import hashlib
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from secretariat.meetings.uploads import FileTooLarge, UnsupportedFile

from .choices import ImageFormat

DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MEDIA_TYPES = {
    ImageFormat.PNG: "image/png",
    ImageFormat.JPEG: "image/jpeg",
    ImageFormat.GIF: "image/gif",
    ImageFormat.WEBP: "image/webp",
}
_PILLOW_FORMATS = {"PNG": ImageFormat.PNG, "JPEG": ImageFormat.JPEG, "GIF": ImageFormat.GIF,
                   "WEBP": ImageFormat.WEBP}  # fmt: skip


@dataclass(frozen=True)
class CheckedImage:
    image_format: str
    width: int
    height: int
    size: int
    sha256: str


def max_image_bytes() -> int:
    return int(getattr(settings, "NEWS_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES))


def _signature(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ImageFormat.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return ImageFormat.JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return ImageFormat.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ImageFormat.WEBP
    return None


def check_image(handle: IO[bytes], size: int) -> CheckedImage:
    """The image's format and dimensions, or ``UnsupportedFile`` (415) / ``FileTooLarge``."""
    if size > max_image_bytes():
        raise FileTooLarge(
            _("An image may be at most %(mb)d MB.") % {"mb": max_image_bytes() // (1024 * 1024)}
        )
    refused = UnsupportedFile(_("Upload a PNG, JPEG, GIF or WebP image."))
    handle.seek(0)
    claimed = _signature(handle.read(16))
    if claimed is None:
        raise refused
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            handle.seek(0)
            with Image.open(handle) as image:
                found = _PILLOW_FORMATS.get(image.format or "")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise refused
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):  # fmt: skip
        raise refused from None
    if found != claimed or width < 1 or height < 1:
        raise refused
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(65536), b""):
        digest.update(chunk)
    handle.seek(0)
    return CheckedImage(str(found), width, height, size, digest.hexdigest())
