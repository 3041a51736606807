"""JavaScript the tests run in the page: measurements, never changes to the page."""

from __future__ import annotations

# Scroll through the page so lazy images load, then wait for every image to settle.
LOAD_ALL_IMAGES = """
async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const height = () => document.documentElement.scrollHeight;
  // "instant": furo asks for smooth scrolling, which would still be under way.
  const jump = (top) => window.scrollTo({top, behavior: "instant"});
  // A viewport at a time: Chromium starts loading a lazy image 1,250 px or more before
  // it scrolls into view, so no image is passed over.
  for (let y = 0; y < height(); y += window.innerHeight) {
    jump(y);
    await frame();
  }
  // Images that are never shown (hidden, or in closed details) never load: don't wait.
  const shown = (img) => img.getClientRects().length > 0;
  const settled = (img) => img.complete || !shown(img) ? Promise.resolve() :
    new Promise((resolve) => { img.addEventListener("load", resolve, {once: true});
                               img.addEventListener("error", resolve, {once: true}); });
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
  await Promise.race([Promise.all([...document.images].map(settled)), timeout]);
  jump(0);
  await frame();
}
"""

# Sum of layout shifts not caused by input since the page started loading: in all, and
# of shifts that moved something in the article (the extension's part of the page).
LAYOUT_SHIFT = """
() => new Promise((resolve) => {
  let total = 0;
  let inArticle = 0;
  const sources = [];
  const article = document.querySelector("[role=main]") || document.body;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      const nodes = (entry.sources || []).map((source) => source.node).filter(Boolean);
      if (nodes.some((node) => article.contains(node))) inArticle += entry.value;
      sources.push(...nodes.map((node) => (node.outerHTML || node.textContent).slice(0, 120)));
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({total, inArticle, sources}), 100);
})
"""

IMAGES = """
() => [...document.images].map((img) => ({
  src: img.currentSrc || img.src,
  html: img.outerHTML.slice(0, 160),
  width: img.getAttribute("width"),
  height: img.getAttribute("height"),
  naturalWidth: img.naturalWidth,
  naturalHeight: img.naturalHeight,
}))
"""

HORIZONTAL_OVERFLOW = """
() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > window.innerWidth + 1;
  }).slice(0, 5).map((el) => el.outerHTML.slice(0, 100));
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, wide};
}
"""

# For each shown image grid: its configured columns and the columns and rows it shows.
# (A grid in a closed tab or collapsed details is not laid out: nothing to measure.)
GRIDS = """
() => [...document.querySelectorAll(".partners-grid")].filter(
  (grid) => grid.getClientRects().length > 0
).map((grid) => {
  const configured = {};
  for (const name of grid.classList) {
    const match = name.match(/^partners-grid--(phone|tablet|desktop)-(\\d+)$/);
    if (match) configured[match[1]] = Number(match[2]);
  }
  const items = [...grid.querySelectorAll(".partners-grid__list > li")];
  const lefts = new Set(items.map((li) => Math.round(li.getBoundingClientRect().left)));
  const tops = new Set(items.map((li) => li.offsetTop));
  return {id: grid.id, configured, items: items.length, columns: lefts.size, rows: tops.size};
})
"""

# Shown card and grid images: the box they get and the picture they hold.
# The card and grid pictures shown at the current width, once loaded: a picture hidden
# when the page's lazy images were loaded (at another width) is scrolled to first.
PICTURES = """
async () => {
  const shown = [...document.querySelectorAll(".partners-card img, .partners-grid img")]
    .filter((img) => img.getClientRects().length > 0);
  for (const img of shown) {
    // Asked here, not before the loop: while one picture is awaited the next may load,
    // and a listener added after its load event would wait out the 5 s for nothing.
    if (img.complete) continue;
    img.scrollIntoView({block: "center", behavior: "instant"});
    await Promise.race([
      new Promise((resolve) => { img.addEventListener("load", resolve, {once: true});
                                 img.addEventListener("error", resolve, {once: true}); }),
      new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
  window.scrollTo({top: 0, behavior: "instant"});
  return shown.map((img) => ({
    html: img.outerHTML.slice(0, 120),
    boxWidth: img.clientWidth,
    boxHeight: img.clientHeight,
    naturalWidth: img.naturalWidth,
    naturalHeight: img.naturalHeight,
    objectFit: getComputedStyle(img).objectFit,
  }));
}
"""

# Boxes that must not overlap: the cards, and the items of each grid.
BOXES = """
() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top + window.scrollY, right: r.right,
            bottom: r.bottom + window.scrollY, html: el.outerHTML.slice(0, 80)};
  };
  const groups = [[...document.querySelectorAll(".partners-card")].map(box)];
  for (const list of document.querySelectorAll(".partners-grid__list")) {
    groups.push([...list.children].map(box));
  }
  const clipped = [...document.querySelectorAll(".partners-card, .partners-grid__figure")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.outerHTML.slice(0, 80));
  return {groups, clipped};
}
"""

# Number the links a keyboard user must reach, and note how they look unfocused.
# Marks the card and grid links a keyboard reader must reach, and returns each with how
# it looks without the focus.
MARK_KEYBOARD_TARGETS = """
() => {
  // Links in a closed tab or collapsed details are not on screen: nothing to reach yet.
  const targets = [...document.querySelectorAll("a.partners-card__link, a.partners-grid__link")]
    .filter((el) => el.getClientRects().length > 0);
  targets.forEach((el, index) => { el.dataset.kbTarget = String(index); });
  return targets.map((el) => ({html: el.outerHTML.slice(0, 100), style: focusStyle(el)}));
}
"""

FOCUS_STYLE = """
function focusStyle(el) {
  const style = getComputedStyle(el);
  return {outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          outlineColor: style.outlineColor, boxShadow: style.boxShadow};
}
"""

# The marked target that has the focus (-1: another element, null: none) and its look:
# one round trip per Tab press.
ACTIVE_TARGET = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const index = el.dataset.kbTarget === undefined ? -1 : Number(el.dataset.kbTarget);
  return {index, style: index < 0 ? null : focusStyle(el)};
}
"""

FOCUSABLE_COUNT = """
() => document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]").length
"""

# Each shown card's border colour and the colour of what it stands on.
CARD_EDGES = """
() => {
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const color = getComputedStyle(el).backgroundColor;
      if (color && !/rgba\\(.*, 0\\)$/.test(color) && color !== "transparent") return color;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll(".partners-card, .partners-directory__card")]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => ({
      html: el.outerHTML.slice(0, 80),
      border: getComputedStyle(el).borderTopColor,
      borderWidth: parseFloat(getComputedStyle(el).borderTopWidth),
      behind: opaque(el.parentElement),
    }));
}
"""
