"""What a writer embeds for a picture: raster bytes, or an SVG with the PNG fallback Office needs.

Pictures are read and checked once per process (trainkit.pictures); an image whose SVG was
translated carries its translated content in the model and is embedded as that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from trainkit import model as m
from trainkit.pictures import Picture, fallback_width_px, load_picture, rasterize_svg


@dataclass(frozen=True)
class Embeddable:
    """A picture ready to embed: its format, natural size and bytes."""

    kind: str
    width: float
    height: float
    data: bytes

    @property
    def vector(self) -> bool:
        return self.kind == "svg"

    def fallback(self, width_emu: int) -> bytes:
        """The PNG shown by readers without SVG support, rendered for ``width_emu``."""
        return rasterize_svg(self.data, fallback_width_px(width_emu))


@lru_cache(maxsize=256)
def _load(path: str, stamp: tuple[int, int]) -> Picture:
    return load_picture(Path(path))


def picture_at(path: Path) -> Embeddable:
    """The checked picture at ``path`` (a logo, an emblem, an image file)."""
    stat = path.stat()
    picture = _load(str(path), (stat.st_mtime_ns, stat.st_size))
    return Embeddable(picture.kind, picture.width_px, picture.height_px, picture.data)


def embeddable(image: m.Image) -> Embeddable:
    """What to embed for ``image``: its translated SVG when it has one, else its checked file."""
    found = picture_at(Path(image.resolved))
    if image.data:
        return Embeddable("svg", found.width, found.height, image.data)
    return found
