#!/usr/bin/env python3
"""Draws a terminal page (text on standard input) as a PNG, the way an 80-column terminal shows it:
one grid cell per column, two for a CJK character, rule ids bold, severities and ✗ in the colours
xibu uses on a terminal. Used for the README's picture:

    COLUMNS=80 xibu check examples/roster-violations.xlsx | python3 docs/render_terminal.py docs/img/terminal.png

Needs Pillow and the fonts DejaVu Sans Mono and Noto Sans CJK (Debian: fonts-dejavu-core,
fonts-noto-cjk).
"""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

SIZE = 15
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
BG, FG = (30, 30, 30), (220, 220, 220)
RED, YELLOW, CYAN, WHITE = (240, 90, 90), (235, 200, 80), (90, 200, 220), (255, 255, 255)


def cjk_face(path):
    # The collection's Simplified Chinese face.
    for i in range(10):
        try:
            f = ImageFont.truetype(path, SIZE, index=i)
        except OSError:
            break
        if "SC" in " ".join(f.getname()):
            return f
    return ImageFont.truetype(path, SIZE)


def wide(c):
    return unicodedata.east_asian_width(c) in ("W", "F")


def main():
    out = sys.argv[1]
    lines = sys.stdin.read().rstrip("\n").split("\n")
    mono, mono_bold = ImageFont.truetype(MONO, SIZE), ImageFont.truetype(MONO_BOLD, SIZE)
    cjk, cjk_bold = cjk_face(CJK), cjk_face(CJK_BOLD)
    cell = round(mono.getlength("M"))
    height = SIZE + 7
    cols = 80
    img = Image.new("RGB", (cell * cols + 24, height * len(lines) + 24), BG)
    draw = ImageDraw.Draw(img)
    for y, line in enumerate(lines):
        colours = {}
        bold = set()
        m = re.match(r"^([A-Z]\d\d) ", line)
        if m:
            bold.update(range(0, 3))
        for word, colour in (("错误", RED), ("警告", YELLOW), ("提示", CYAN), ("error", RED),
                             ("warning", YELLOW), ("notice", CYAN)):
            m = re.match(r"^  (%s) " % word, line)
            if m:
                for i in range(m.start(1), m.end(1)):
                    colours[i] = colour
                    bold.add(i)
        for i, c in enumerate(line):
            if c == "✗":
                colours[i] = RED
        x = 12
        for i, c in enumerate(line):
            w = 2 if wide(c) else 1
            if c != " ":
                font = (cjk_bold if i in bold else cjk) if wide(c) or (ord(c) > 0x2000 and not mono.getmask(c).getbbox()) else (mono_bold if i in bold else mono)
                if 0x2500 <= ord(c) <= 0x257F:
                    font = mono
                colour = colours.get(i, WHITE if i in bold else FG)
                draw.text((x, 12 + y * height + SIZE + 1), c, font=font, fill=colour, anchor="ls")
            x += cell * w
    img.save(out)


if __name__ == "__main__":
    main()
