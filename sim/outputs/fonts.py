"""Matplotlib set up for the project's PNGs: the Agg backend and a font with Chinese glyphs.

Matplotlib's default font (DejaVu Sans) has no CJK glyphs, so Chinese village names and
Chinese labels come out as empty boxes. :func:`pyplot` returns ``matplotlib.pyplot`` with
the font list set to DejaVu Sans first (Latin text looks as before) and a CJK font after it,
which matplotlib falls back to glyph by glyph. The CJK font is the first of
:data:`CJK_FAMILIES` installed; Debian's ``fonts-noto-cjk`` (installed by ``./dev``)
gives Noto Sans CJK. A font installed after matplotlib built its font cache is added from
its file. With none installed, one warning says what to install.
"""

from __future__ import annotations

import warnings
from functools import cache

# Families with Simplified Chinese glyphs, best first (Debian: fonts-noto-cjk, fonts-wqy-*).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Noto Sans CJK JP")
# Font files to look for when the font cache predates the font's install.
_CJK_FILE_HINTS = ("notosanscjk", "notosanssc", "sourcehansans", "wqy-zenhei", "wqy-microhei", "droidsansfallback")
LATIN_FAMILY = "DejaVu Sans"
INSTALL_HINT = "install a CJK font (Debian: apt-get install fonts-noto-cjk; ./dev does it when run as root)"


@cache
def cjk_family() -> str | None:
    """The CJK font family matplotlib will use, or None when none is installed."""
    from matplotlib import font_manager

    def installed() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = installed()
    for family in CJK_FAMILIES:
        if family in names:
            return family
    for path in font_manager.findSystemFonts():
        if any(h in path.lower().replace("-", "").replace("_", "") for h in
               (h.replace("-", "") for h in _CJK_FILE_HINTS)):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    names = installed()
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return None


@cache
def _configure() -> None:
    import matplotlib

    matplotlib.use("Agg")
    family = cjk_family()
    if family is None:
        warnings.warn(f"no font with Chinese glyphs found: Chinese text in plots shows as boxes; {INSTALL_HINT}",
                      stacklevel=3)
        return
    # A list of families (not the "sans-serif" alias, which resolves to one font) is what
    # matplotlib falls back along, glyph by glyph.
    matplotlib.rcParams["font.family"] = [LATIN_FAMILY, family]


def pyplot():
    """``matplotlib.pyplot`` on the Agg backend with a CJK fallback font (see the module doc)."""
    _configure()
    import matplotlib.pyplot as plt

    return plt
