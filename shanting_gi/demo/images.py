"""Illustrations for the demo products, drawn with Pillow.

They are drawings, not photographs, and say so in their alt texts and captions. Every image
is drawn from fixed coordinates, so the same bytes come out on every run. They carry no words
(only the language-neutral "GI", numbers and codes): captions and alternative texts say what
they show in the page's language, so a Chinese page shows no English picture text. The mark drawn here is a schematic placeholder, not a copy of the official design.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 600
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliasing support

BACKGROUND = (247, 242, 232)
INK = (60, 52, 46)
MUTED = (128, 118, 108)
LEAF = (74, 128, 64)
STEM = (96, 112, 52)
CHERRY = (142, 22, 48)
CHERRY_LIGHT = (196, 58, 84)
JUJUBE = (176, 36, 28)
JUJUBE_LIGHT = (222, 92, 70)
MARK_BLUE = (28, 78, 140)
MARK_GOLD = (196, 152, 60)
FAKE_RED = (210, 30, 30)


def _font(size):
    return ImageFont.load_default(size=size * SCALE)


def _canvas():
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BACKGROUND)
    return image, ImageDraw.Draw(image)


def _s(*values):
    return [v * SCALE for v in values]


def _footer(draw, text):
    """Words stay out of the pictures (see the module's docstring): the caption says it."""


def _finish(image):
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True, progressive=True)
    return out.getvalue()


def _leaf(draw, x, y, length, angle, colour=LEAF):
    """A pointed leaf as a polygon along its axis."""
    points = []
    for i in range(21):
        t = i / 20
        half_width = math.sin(math.pi * t) * length * 0.28
        points.append((t * length, half_width))
    points += [(t, -w) for t, w in reversed(points)]
    cos, sin = math.cos(angle), math.sin(angle)
    draw.polygon(
        [tuple(_s(x + px * cos - py * sin, y + px * sin + py * cos)) for px, py in points],
        fill=colour,
    )
    draw.line(_s(x, y, x + length * cos, y + length * sin), fill=(52, 96, 46), width=2 * SCALE)


def _cherries(draw, fruits, stem_top):
    """Kidney-shaped cherries on stems from one point: all stems first, then the fruit."""
    for cx, cy, r in fruits:
        draw.line(_s(cx, cy - r * 0.7, *stem_top), fill=STEM, width=4 * SCALE)
    for cx, cy, r in fruits:
        _cherry(draw, cx, cy, r)


def _cherry(draw, cx, cy, r):
    """Two overlapping lobes and a highlight."""
    draw.ellipse(_s(cx - r, cy - r * 0.85, cx + r * 0.2, cy + r), fill=CHERRY)
    draw.ellipse(_s(cx - r * 0.2, cy - r * 0.85, cx + r, cy + r), fill=CHERRY)
    draw.ellipse(_s(cx - r * 0.7, cy - r * 0.45, cx - r * 0.35, cy - r * 0.1), fill=CHERRY_LIGHT)


def _jujube(draw, cx, cy, length, width, angle):
    """A long cylindrical jujube: a rounded capsule with a highlight and a short stalk."""
    cos, sin = math.cos(angle), math.sin(angle)
    half = length / 2
    outline = []
    for i in range(41):
        a = math.pi * i / 40
        outline.append((half - width / 2 + math.sin(a) * width / 2, math.cos(a) * width / 2))
    for i in range(41):
        a = math.pi * i / 40
        outline.append((-half + width / 2 - math.sin(a) * width / 2, -math.cos(a) * width / 2))

    def place(px, py):
        return tuple(_s(cx + px * cos - py * sin, cy + px * sin + py * cos))

    draw.polygon([place(px, py) for px, py in outline], fill=JUJUBE)
    highlight = [
        place(px * 0.7, py * 0.25 - width * 0.18) for px, py in outline[: len(outline) // 2]
    ]
    draw.polygon(highlight, fill=JUJUBE_LIGHT)
    draw.line([place(-half, 0), place(-half - 14, -4)], fill=STEM, width=4 * SCALE)


def _special_mark(draw, cx, cy, r, credit_code, *, obsolete=False):
    """A schematic round emblem with the credit-code line below it (placeholder design)."""
    ring = MUTED if obsolete else MARK_BLUE
    draw.ellipse(_s(cx - r, cy - r, cx + r, cy + r), fill=ring)
    draw.ellipse(_s(cx - r * 0.86, cy - r * 0.86, cx + r * 0.86, cy + r * 0.86), fill=BACKGROUND)
    draw.ellipse(
        _s(cx - r * 0.74, cy - r * 0.74, cx + r * 0.74, cy + r * 0.74),
        fill=(170, 170, 170) if obsolete else MARK_GOLD,
    )
    if not obsolete:
        draw.text(_s(cx, cy), "GI", font=_font(int(r * 0.36)), fill="white", anchor="mm")
    if credit_code:
        draw.text(_s(cx, cy + r + 24), credit_code, font=_font(20), fill=INK, anchor="mm")


def cherry_fruit():
    image, draw = _canvas()
    _leaf(draw, 420, 190, 160, -0.45)
    _leaf(draw, 410, 200, 140, -2.5)
    fruits = [(260, 350, 72), (410, 370, 78), (560, 345, 70), (330, 470, 66), (490, 475, 68)]
    _cherries(draw, fruits, (410, 190))
    _footer(draw, "Illustration, not a photograph  |  demo data")
    return _finish(image)


def jujube_fruit():
    image, draw = _canvas()
    _leaf(draw, 560, 130, 120, 0.4)
    _leaf(draw, 560, 130, 110, -0.9)
    for cx, cy, angle in [
        (230, 280, 0.35),
        (400, 250, -0.2),
        (570, 300, 0.15),
        (260, 430, -0.45),
        (450, 420, 0.3),
        (640, 450, -0.1),
    ]:
        _jujube(draw, cx, cy, 150, 64, angle)
    _footer(draw, "Illustration, not a photograph  |  demo data")
    return _finish(image)


def _package(draw, title, standard, credit_code, fruit):
    draw.rectangle(_s(120, 120, 680, 520), fill=(236, 226, 206), outline=INK, width=3 * SCALE)
    draw.rectangle(_s(120, 120, 680, 190), fill=(120, 40, 40))
    fruit(draw)
    _special_mark(draw, 545, 290, 62, credit_code)
    draw.text(_s(140, 470), standard, font=_font(18), fill=INK)
    draw.text(_s(140, 494), "XXXX-XXXX-XXXX-XXXX", font=_font(18), fill=INK)


def cherry_package(credit_code):
    image, draw = _canvas()

    def fruit(draw):
        fruits = [(220, 300, 52), (320, 320, 56), (260, 400, 50), (370, 410, 48)]
        _cherries(draw, fruits, (300, 220))

    _package(draw, "SHANTING FIRE CHERRY", "DB3704/T 0035-2023", credit_code, fruit)
    _footer(draw, "Illustration of a package layout, not a real product  |  demo data")
    return _finish(image)


def jujube_package(credit_code):
    image, draw = _canvas()

    def fruit(draw):
        for cx, cy, angle in [(250, 280, 0.3), (330, 350, -0.2), (240, 410, -0.4)]:
            _jujube(draw, cx, cy, 120, 50, angle)

    _package(draw, "DIANZI LONG RED JUJUBE", "DB3704/T 0033-2023", credit_code, fruit)
    _footer(draw, "Illustration of a package layout, not a real product  |  demo data")
    return _finish(image)


def mark_sample(credit_code, product_name):
    image, draw = _canvas()
    _special_mark(draw, 400, 260, 150, credit_code)
    _footer(draw, "Schematic placeholder, not the official mark design  |  demo data")
    return _finish(image)


def known_fake(product_name):
    """A label showing the warning signs: an old mark, no credit code, 'style' wording."""
    image, draw = _canvas()
    draw.rectangle(_s(140, 110, 660, 500), fill=(236, 226, 206), outline=INK, width=3 * SCALE)
    _special_mark(draw, 280, 270, 90, "", obsolete=True)
    draw.line(_s(150, 120, 650, 490), fill=FAKE_RED, width=16 * SCALE)
    draw.line(_s(650, 120, 150, 490), fill=FAKE_RED, width=16 * SCALE)
    _footer(draw, "Invented example for illustration, not a photograph  |  demo data")
    return _finish(image)


# The drawings a data file may name (images.toml, `drawing`), and what each one is given.
_DRAWINGS = {
    "cherry_fruit": lambda code, name: cherry_fruit(),
    "jujube_fruit": lambda code, name: jujube_fruit(),
    "cherry_package": lambda code, name: cherry_package(code),
    "jujube_package": lambda code, name: jujube_package(code),
    "mark_sample": mark_sample,
    "known_fake": lambda code, name: known_fake(name),
}
DRAWINGS = tuple(_DRAWINGS)


def draw(drawing, *, credit_code, product_name):
    """JPEG bytes of the named drawing; `product_name` in Latin letters (the font has no 汉字)."""
    return _DRAWINGS[drawing](credit_code, product_name)
