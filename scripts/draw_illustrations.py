#!/usr/bin/env python3
"""Draw the site's illustrations and partner monograms.

The knowledge base has no photographs of the real schools or events it describes,
so it uses simple flat illustrations instead. This script draws all of them with
Pillow (raster) or plain SVG text, so anyone can change and redraw them:

    python scripts/draw_illustrations.py

Outputs (committed to the repository):

* ``docs/_static/illustrations/*.png|jpg`` - scenes, about 1600 x 1067 pixels.
* ``docs/_static/partners/*.svg`` - neutral monograms (initials in a shape) for every
  partner, plus a PNG copy of a few so the site's image pipeline handles raster logos.

The monograms are deliberately plain. They must never imitate a real organisation's
logo or trademark. The output is deterministic: the same script gives the same files.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
ILLUSTRATIONS = ROOT / "docs" / "_static" / "illustrations"
PARTNERS = ROOT / "docs" / "_static" / "partners"

WIDTH, HEIGHT = 1600, 1067

# A small, calm palette with enough contrast for labels.
INK = (38, 50, 56)
PAPER = (250, 248, 243)
SKY = (214, 234, 244)
GRASS = (170, 205, 150)
BRICK = (196, 110, 82)
SAND = (232, 204, 150)
TEAL = (42, 128, 128)
PLUM = (120, 80, 140)
GOLD = (232, 176, 60)
ROSE = (222, 120, 130)
BLUE = (70, 120, 190)
GREY = (160, 168, 172)
WHITE = (255, 255, 255)

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return a bold sans-serif font, or Pillow's built-in font as a fallback."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def canvas(background: tuple[int, int, int] = SKY) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    return image, ImageDraw.Draw(image)


def centred_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: tuple[int, int, int] = INK,
) -> None:
    draw.text(xy, text, font=font(size), fill=fill, anchor="mm")


def illustration_tag(draw: ImageDraw.ImageDraw) -> None:
    """Mark every scene as an illustration, so nobody mistakes it for a photo."""
    draw.rounded_rectangle((WIDTH - 260, HEIGHT - 70, WIDTH - 20, HEIGHT - 20), 18, fill=WHITE)
    centred_text(draw, (WIDTH - 140, HEIGHT - 45), "illustration", 26, GREY)


def person(
    draw: ImageDraw.ImageDraw, x: float, y: float, colour: tuple[int, int, int], scale: float = 1.0
) -> None:
    """A simple figure: a round head above rounded shoulders, centred on (x, y)."""
    head = 34 * scale
    draw.ellipse((x - head, y - 3 * head, x + head, y - head), fill=SAND)
    draw.rounded_rectangle(
        (x - 1.9 * head, y - 0.8 * head, x + 1.9 * head, y + 2.6 * head),
        radius=int(1.2 * head),
        fill=colour,
    )


def school(
    draw: ImageDraw.ImageDraw,
    label: str,
    wall: tuple[int, int, int],
    roof: tuple[int, int, int],
    windows: int,
) -> None:
    """A stylised school building with a flag and a name board."""
    ground = 860
    draw.rectangle((0, ground, WIDTH, HEIGHT), fill=GRASS)
    # Sun and clouds.
    draw.ellipse((1300, 90, 1440, 230), fill=GOLD)
    for cx, cy in ((260, 170), (640, 120)):
        for dx, r in ((-60, 45), (0, 60), (60, 45)):
            draw.ellipse((cx + dx - r, cy - r, cx + dx + r, cy + r), fill=WHITE)
    # Main building and wings.
    left, right, top = 300, 1300, 430
    draw.rectangle((left, top, right, ground), fill=wall)
    draw.polygon([(left - 40, top), (WIDTH / 2, 250), (right + 40, top)], fill=roof)
    # Clock / round window in the gable.
    draw.ellipse((WIDTH / 2 - 45, 305, WIDTH / 2 + 45, 395), fill=WHITE, outline=INK, width=6)
    draw.line((WIDTH / 2, 350, WIDTH / 2, 318), fill=INK, width=6)
    draw.line((WIDTH / 2, 350, WIDTH / 2 + 24, 350), fill=INK, width=6)
    # Flag.
    draw.line((right - 80, top, right - 80, 170), fill=INK, width=8)
    draw.polygon([(right - 76, 175), (right + 40, 205), (right - 76, 235)], fill=ROSE)
    # Windows in two rows, skipping the middle for the door.
    span = (right - left - 120) / windows
    for row in (470, 640):
        for i in range(windows):
            x0 = left + 60 + i * span + span * 0.15
            if abs((x0 + span * 0.35) - WIDTH / 2) < 120 and row == 640:
                continue
            draw.rectangle((x0, row, x0 + span * 0.7, row + 110), fill=SKY, outline=INK, width=5)
            draw.line((x0 + span * 0.35, row, x0 + span * 0.35, row + 110), fill=INK, width=4)
    # Door and steps.
    draw.rounded_rectangle((WIDTH / 2 - 75, 660, WIDTH / 2 + 75, ground), 30, fill=INK)
    draw.rectangle((WIDTH / 2 - 130, ground - 12, WIDTH / 2 + 130, ground + 12), fill=GREY)
    # Name board on a stand in front of the school.
    board_w = max(420, 46 * len(label) + 120)
    bx = WIDTH / 2
    draw.rectangle((bx - 12, 900, bx + 12, 1010), fill=INK)
    draw.rounded_rectangle(
        (bx - board_w / 2, 880, bx + board_w / 2, 980), 20, fill=WHITE, outline=INK, width=6
    )
    centred_text(draw, (bx, 930), label, 64)
    # Trees.
    for tx in (140, 1460):
        draw.rectangle((tx - 16, 700, tx + 16, ground + 10), fill=(120, 84, 60))
        draw.ellipse((tx - 110, 520, tx + 110, 760), fill=(96, 160, 100))
    illustration_tag(draw)


def convening_table(path: Path) -> None:
    """People sitting around a long table, with sticky notes on the wall behind them."""
    image, draw = canvas(PAPER)
    draw.rectangle((0, 760, WIDTH, HEIGHT), fill=(225, 215, 198))  # floor
    # Wall board with sticky notes.
    draw.rounded_rectangle((240, 90, 1360, 420), 24, fill=WHITE, outline=GREY, width=6)
    notes = [GOLD, ROSE, SKY, GRASS, GOLD, SKY, ROSE, GRASS, SKY, GOLD, GRASS, ROSE]
    for i, colour in enumerate(notes):
        col, row = i % 6, i // 6
        x0, y0 = 300 + col * 175, 130 + row * 140
        draw.rectangle((x0, y0, x0 + 120, y0 + 110), fill=colour)
        draw.line((x0 + 18, y0 + 40, x0 + 100, y0 + 40), fill=INK, width=5)
        draw.line((x0 + 18, y0 + 70, x0 + 80, y0 + 70), fill=INK, width=5)
    # People behind the table.
    colours = [TEAL, PLUM, BLUE, BRICK, TEAL, GOLD]
    for i, colour in enumerate(colours):
        person(draw, 330 + i * 188, 650, colour)
    # The table, then people at each end.
    draw.rounded_rectangle((200, 690, 1400, 800), 30, fill=(150, 105, 70))
    draw.rectangle((260, 800, 300, 960), fill=(120, 84, 60))
    draw.rectangle((1300, 800, 1340, 960), fill=(120, 84, 60))
    person(draw, 140, 760, ROSE, 1.1)
    person(draw, 1460, 760, BLUE, 1.1)
    # Papers and cups on the table.
    for x in (360, 620, 880, 1140):
        draw.polygon([(x, 720), (x + 110, 712), (x + 118, 770), (x + 8, 778)], fill=WHITE)
        draw.rounded_rectangle((x + 140, 715, x + 175, 765), 8, fill=WHITE, outline=INK, width=3)
    illustration_tag(draw)
    save(image, path)


def convening_wall(path: Path) -> None:
    """Two people sorting sticky notes into three columns on a wall."""
    image, draw = canvas(PAPER)
    draw.rectangle((0, 840, WIDTH, HEIGHT), fill=(225, 215, 198))
    draw.rounded_rectangle((120, 80, 1480, 620), 24, fill=WHITE, outline=GREY, width=6)
    headers = ["Knowledge", "Dispositions", "Skills"]
    palette = [SKY, ROSE, GRASS]
    for c, (header, colour) in enumerate(zip(headers, palette, strict=True)):
        cx = 350 + c * 450
        centred_text(draw, (cx, 140), header, 48)
        draw.line((cx - 170, 180, cx + 170, 180), fill=INK, width=4)
        for r in range(3):
            for k in range(2):
                x0 = cx - 150 + k * 170
                y0 = 220 + r * 125
                draw.rectangle((x0, y0, x0 + 130, y0 + 100), fill=colour)
                draw.line((x0 + 18, y0 + 40, x0 + 110, y0 + 40), fill=INK, width=4)
    person(draw, 560, 880, TEAL, 1.4)
    person(draw, 1040, 880, PLUM, 1.4)
    # An arm reaching up to the board.
    draw.line((1080, 830, 1180, 600), fill=SAND, width=28)
    illustration_tag(draw)
    save(image, path)


def school_visits(path: Path) -> None:
    """Two different school buildings joined by a dotted path with people walking on it."""
    image, draw = canvas(SKY)
    draw.rectangle((0, 700, WIDTH, HEIGHT), fill=GRASS)
    for x0, wall, roof in ((80, SAND, BRICK), (1040, (205, 220, 235), TEAL)):
        draw.rectangle((x0, 360, x0 + 480, 760), fill=wall)
        draw.polygon([(x0 - 30, 360), (x0 + 240, 220), (x0 + 510, 360)], fill=roof)
        for i in range(3):
            draw.rectangle(
                (x0 + 40 + i * 150, 420, x0 + 130 + i * 150, 520), fill=WHITE, outline=INK, width=5
            )
        draw.rounded_rectangle((x0 + 190, 600, x0 + 290, 760), 24, fill=INK)
    # Dotted path between the two schools.
    for i in range(22):
        t = i / 21
        x = 560 + t * 480
        y = 900 - math.sin(t * math.pi) * 90
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=WHITE)
    person(draw, 720, 850, PLUM, 0.9)
    person(draw, 860, 820, GOLD, 0.9)
    # Arrows in both directions: visits went both ways.
    draw.polygon([(600, 980), (660, 950), (660, 1010)], fill=INK)
    draw.polygon([(1000, 980), (940, 950), (940, 1010)], fill=INK)
    draw.line((660, 980, 940, 980), fill=INK, width=8)
    illustration_tag(draw)
    save(image, path)


def two_directions(path: Path) -> None:
    """Two speech bubbles meeting in the middle: a conversation that runs both ways."""
    image, draw = canvas(PAPER)
    person(draw, 300, 760, TEAL, 1.8)
    person(draw, 1300, 760, PLUM, 1.8)
    draw.rounded_rectangle((180, 160, 760, 460), 50, fill=SKY)
    draw.polygon([(300, 460), (360, 460), (300, 540)], fill=SKY)
    draw.rounded_rectangle((840, 160, 1420, 460), 50, fill=(240, 220, 235))
    draw.polygon([(1240, 460), (1300, 460), (1300, 540)], fill=(240, 220, 235))
    # Left bubble: a lightbulb for opportunities. Right bubble: a heart for values.
    draw.ellipse((410, 210, 530, 330), fill=GOLD)
    draw.rectangle((445, 330, 495, 380), fill=GREY)
    heart_x, heart_y = 1130, 300
    draw.ellipse((heart_x - 80, heart_y - 70, heart_x, heart_y + 10), fill=ROSE)
    draw.ellipse((heart_x, heart_y - 70, heart_x + 80, heart_y + 10), fill=ROSE)
    draw.polygon(
        [(heart_x - 78, heart_y - 15), (heart_x + 78, heart_y - 15), (heart_x, heart_y + 90)],
        fill=ROSE,
    )
    illustration_tag(draw)
    save(image, path)


def path_of_phases(path: Path) -> None:
    """A winding path with three numbered stepping stones."""
    image, draw = canvas(SKY)
    draw.rectangle((0, 520, WIDTH, HEIGHT), fill=GRASS)
    points = [(100, 980), (500, 860), (800, 700), (1150, 620), (1500, 560)]
    draw.line(points, fill=SAND, width=120, joint="curve")
    for n, (x, y) in enumerate(((420, 880), (820, 700), (1220, 610)), start=1):
        draw.ellipse((x - 95, y - 60, x + 95, y + 60), fill=WHITE, outline=INK, width=6)
        centred_text(draw, (x, y), str(n), 70)
    draw.line((1500, 560, 1500, 330), fill=INK, width=10)
    draw.polygon([(1505, 335), (1380, 370), (1505, 410)], fill=ROSE)
    illustration_tag(draw)
    save(image, path)


def shared_resources(path: Path) -> None:
    """A stack of documents and a checklist page on a desk."""
    image, draw = canvas(PAPER)
    draw.rectangle((0, 780, WIDTH, HEIGHT), fill=(150, 105, 70))
    for i, colour in enumerate((SKY, ROSE, GRASS, GOLD)):
        draw.rectangle(
            (240 + i * 12, 560 - i * 70, 700 + i * 12, 780 - i * 70),
            fill=colour,
            outline=INK,
            width=4,
        )
    draw.rounded_rectangle((880, 140, 1360, 780), 20, fill=WHITE, outline=INK, width=6)
    for r in range(5):
        y = 240 + r * 105
        draw.rectangle((940, y, 990, y + 50), outline=INK, width=5)
        draw.line((950, y + 25, 965, y + 42, 985, y + 5), fill=TEAL, width=8)
        draw.line((1020, y + 25, 1300, y + 25), fill=GREY, width=10)
    illustration_tag(draw)
    save(image, path)


def looking_back(path: Path) -> None:
    """An open notebook with a lightbulb above it."""
    image, draw = canvas(PAPER)
    draw.polygon([(300, 520), (800, 560), (800, 940), (300, 900)], fill=WHITE, outline=INK)
    draw.polygon([(800, 560), (1300, 520), (1300, 900), (800, 940)], fill=WHITE, outline=INK)
    draw.line((800, 560, 800, 940), fill=INK, width=6)
    for r in range(5):
        draw.line((360, 600 + r * 60, 740, 630 + r * 60), fill=GREY, width=6)
        draw.line((860, 630 + r * 60, 1240, 600 + r * 60), fill=GREY, width=6)
    draw.ellipse((690, 120, 910, 340), fill=GOLD)
    draw.rectangle((750, 330, 850, 410), fill=GREY)
    for angle in range(0, 360, 45):
        a = math.radians(angle)
        draw.line(
            (
                800 + 150 * math.cos(a),
                230 + 150 * math.sin(a),
                800 + 200 * math.cos(a),
                230 + 200 * math.sin(a),
            ),
            fill=GOLD,
            width=10,
        )
    illustration_tag(draw)
    save(image, path)


def save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jpg":
        image.save(path, "JPEG", quality=85, optimize=True)
    else:
        image.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT)}")


# --- Partner monograms -------------------------------------------------------------

# id: (initials, shape, colour). Colours group partners by kind, not by brand.
MONOGRAMS: dict[str, tuple[str, str, str]] = {
    "somerville": ("SV", "circle", "#2a8080"),
    "new-bedford": ("NB", "circle", "#2a8080"),
    "bedford": ("BD", "circle", "#2a8080"),
    "student-insights": ("SI", "square", "#4678be"),
    "summit": ("SU", "square", "#78508c"),
    "lindsay": ("LU", "circle", "#2a8080"),
    "cprl": ("CPRL", "square", "#5a6470"),
    "transcend": ("TR", "square", "#b0603c"),
    "gates-foundation": ("GF", "square", "#8a6d1f"),
    "c2d2": ("C2D2", "square", "#3c6e46"),
}

# These also get a PNG copy, so raster logos go through the image pipeline.
RASTER_LOGOS = ("somerville", "new-bedford", "bedford")


def monogram_svg(initials: str, shape: str, colour: str) -> str:
    size = 200
    if shape == "circle":
        body = f'<circle cx="100" cy="100" r="96" fill="{colour}"/>'
    else:
        body = f'<rect x="4" y="4" width="192" height="192" rx="36" fill="{colour}"/>'
    font_size = 84 if len(initials) <= 2 else 56
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img">\n'
        f"  {body}\n"
        f'  <text x="100" y="100" dy="0.35em" text-anchor="middle" fill="#ffffff" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="700" '
        f'font-size="{font_size}">{initials}</text>\n'
        f"</svg>\n"
    )


def monogram_png(initials: str, shape: str, colour: str, path: Path) -> None:
    size = 400
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if shape == "circle":
        draw.ellipse((8, 8, size - 8, size - 8), fill=rgb)
    else:
        draw.rounded_rectangle((8, 8, size - 8, size - 8), 72, fill=rgb)
    font_size = 168 if len(initials) <= 2 else 112
    draw.text((size / 2, size / 2), initials, font=font(font_size), fill=WHITE, anchor="mm")
    image.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    ILLUSTRATIONS.mkdir(parents=True, exist_ok=True)
    PARTNERS.mkdir(parents=True, exist_ok=True)

    for name, label, wall, roof, windows, ext in (
        ("somerville", "Somerville", SAND, BRICK, 5, "png"),
        ("new-bedford", "New Bedford", (205, 220, 235), TEAL, 6, "jpg"),
        ("bedford", "Bedford", (236, 226, 208), PLUM, 4, "png"),
    ):
        image, draw = canvas(SKY)
        school(draw, label, wall, roof, windows)
        save(image, ILLUSTRATIONS / f"{name}.{ext}")

    convening_table(ILLUSTRATIONS / "convening-table.png")
    convening_wall(ILLUSTRATIONS / "convening-wall.jpg")
    school_visits(ILLUSTRATIONS / "school-visits.png")
    two_directions(ILLUSTRATIONS / "approach.png")
    path_of_phases(ILLUSTRATIONS / "phases.png")
    shared_resources(ILLUSTRATIONS / "resources.jpg")
    looking_back(ILLUSTRATIONS / "reflections.png")

    for partner_id, (initials, shape, colour) in MONOGRAMS.items():
        svg = PARTNERS / f"{partner_id}.svg"
        svg.write_text(monogram_svg(initials, shape, colour), encoding="utf-8")
        print(f"wrote {svg.relative_to(ROOT)}")
        if partner_id in RASTER_LOGOS:
            monogram_png(initials, shape, colour, PARTNERS / f"{partner_id}.png")


if __name__ == "__main__":
    main()
