"""Responsive images in the build: which pages use which raster images, processing them
once all pages are read, and publishing the variants a written page needs.

- At read time, :class:`ResponsiveImageCollector` records each page's raster images
  (file, use, line) in the environment: purged and merged, so ``-j`` reading is safe.
- On ``env-updated`` (main process, after reading, before writing),
  :func:`process_images` hashes every source and processes the cache misses in a pool.
- :class:`PublishResponsiveImages` (a post-transform, so it runs in the main process for
  each page about to be written) points the node at its variants, copies those into
  ``_images/partners/`` and takes the original out of Sphinx's hands, so the original,
  with its metadata, is never published.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..messages import Code, warn
from . import cache as _image_cache
from . import processing as images
from .nodes import responsive_image

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where processed images are published, under the builder's image folder.
PUBLISH_DIR = "partners"
#: The folder under the doctree folder that holds the cache.
CACHE_DIR = "partners-images"
_UNSAFE_STEM = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ImageUse:
    """A raster image on a page: a grid image or a card logo."""

    source: str  # path relative to the source folder
    profile: str  # "grid" or "logo": which widths to make
    source_format: str  # Pillow's name, from the header check at read time
    line: int | None


@dataclass(frozen=True)
class Result:
    """The processed variants of one source file for one profile (or why there are none)."""

    key: str
    manifest: dict[str, Any]


def profile_of(node: responsive_image) -> str:
    """``grid`` or ``logo``: the sizes to make, stamped on the node by its directive."""
    return str(node.get("partners_profile", "logo"))


def _source_of(node: responsive_image) -> str:
    # check_image made the uri absolute ("/img/a.jpg"); Sphinx's collector strips the "/".
    return str(node["uri"]).lstrip("/")


def _is_raster(node: responsive_image) -> bool:
    return node.get("partners_format", "SVG") in images.FALLBACK_FORMATS


# -- Reading ------------------------------------------------------------------------


@dataclass
class ImageState:
    """What the build knows of its raster images, kept in the environment (pickled).

    ``uses`` is read per page (in ``-j`` workers too: cleared and merged by the
    collector); ``digests`` and ``results`` are made anew in the main process after
    reading, by :func:`process_images`.
    """

    #: docname -> the raster images the page shows.
    uses: dict[str, list[ImageUse]] = field(default_factory=dict)
    #: source -> (modification time, size, content hash), to skip hashing unchanged files.
    digests: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    #: (source, profile) -> the processed variants, or why there are none.
    results: dict[tuple[str, str], Result] = field(default_factory=dict)
    #: (source, profile, with WebP) -> the variants as published by this build: an image
    #: shown on many pages is named and copied once (made anew with ``results``).
    published: dict[tuple[str, str, bool], list[dict[str, Any]]] = field(default_factory=dict)


#: The one attribute of the environment that holds :class:`ImageState`.
STATE_ATTRIBUTE = "partners_images"


def image_state(env: BuildEnvironment) -> ImageState:
    """The environment's :class:`ImageState` (created on first use)."""
    state = getattr(env, STATE_ATTRIBUTE, None)
    if not isinstance(state, ImageState):
        state = ImageState()
        setattr(env, STATE_ATTRIBUTE, state)
    return state


def _uses(env: BuildEnvironment) -> dict[str, list[ImageUse]]:
    return image_state(env).uses


class ResponsiveImageCollector(EnvironmentCollector):
    """Record, per page, the raster images our directives show."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _uses(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        theirs = _uses(other)
        _uses(env).update({name: theirs[name] for name in docnames if name in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found = [
            ImageUse(_source_of(node), profile_of(node), node["partners_format"], node.line)
            for node in doctree.findall(responsive_image)
            if _is_raster(node)
        ]
        if found:
            _uses(app.env)[app.env.docname] = found


# -- Processing -----------------------------------------------------------------------


#: The width ``<img src>`` aims at, for the rare browser without srcset or WebP: the
#: one width, besides the largest, made in the fallback format too.
FALLBACK_WIDTH = {"grid": 800, "logo": 112}


def recipe_for(app: Sphinx, profile: str) -> images.Recipe:
    config = app.config
    widths = config.partners_logo_widths if profile == "logo" else config.partners_image_widths
    widths = tuple(sorted({int(width) for width in widths}))
    # A logo's largest variant is its largest width; a grid image's is its full-size copy.
    max_width = max(widths) if profile == "logo" else int(config.partners_image_max_width)
    return images.Recipe(
        widths=widths,
        max_width=max_width,
        quality=int(config.partners_image_quality),
        max_pixels=int(config.partners_max_image_pixels),
        fallback_width=FALLBACK_WIDTH[profile],
    )


def _results(env: BuildEnvironment) -> dict[tuple[str, str], Result]:
    return image_state(env).results


#: A source's modification time, size and content hash, as seen by the last build.
Digests = dict[str, tuple[int, int, str]]


def _digest(previous: Digests, known: Digests, source: str, path: Path) -> str | None:
    """The file's content hash; read again only when its size or modification time changed."""
    try:
        stat = path.stat()
    except OSError:
        return None
    cached = previous.get(source)
    if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        known[source] = cached
        return cached[2]
    try:
        digest = images.content_digest(path.read_bytes())
    except OSError:
        return None
    known[source] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def cache_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_DIR


def worker_count(app: Sphinx) -> int:
    configured = int(app.config.partners_image_workers)
    if configured > 0:
        return configured
    return max(app.parallel, os.cpu_count() or 1)


def keep_cache_out_of_packages(app: Sphinx, env: BuildEnvironment) -> None:
    """Keep the image cache out of an EPUB (env-updated, after processing).

    ``sphinx-build -b epub src out`` keeps doctrees, and so the cache, inside the output
    folder, and the EPUB builder packs every file there with an image type.
    """
    if not app.builder.name.startswith("epub"):
        return
    directory = cache_dir(app)
    outdir = Path(app.outdir)
    if not directory.resolve().is_relative_to(outdir.resolve()):
        return
    excluded = list(app.config.epub_exclude_files)
    excluded += sorted(
        path.resolve().relative_to(outdir.resolve()).as_posix()
        for path in directory.rglob("*")
        if path.is_file()
    )
    app.config.epub_exclude_files = excluded


def process_images(app: Sphinx, env: BuildEnvironment) -> None:
    """Make sure every raster image a page shows has its variants in the cache."""
    if app.builder.format != "html":
        return
    uses = _uses(env)
    wanted = sorted(
        {(use.source, use.profile, use.source_format) for page in uses.values() for use in page}
    )
    directory = cache_dir(app)
    previous: Digests = image_state(env).digests
    known: Digests = {}
    results: dict[tuple[str, str], Result] = {}
    jobs: dict[str, _image_cache.Job] = {}
    for source, profile, source_format in wanted:
        path = Path(env.srcdir, source)
        digest = _digest(previous, known, source, path)
        if digest is None:
            error = {"error": "the file cannot be read any more (was it removed?)"}
            results[source, profile] = Result("", error)
            continue
        recipe = recipe_for(app, profile)
        key = _image_cache.result_key(digest, recipe)
        manifest = _image_cache.load_manifest(directory, key)
        if manifest is None:
            jobs[key] = _image_cache.Job(key, path, digest, source_format, recipe)
            manifest = {}
        results[source, profile] = Result(key, manifest)
    made = _image_cache.run_jobs(list(jobs.values()), directory, worker_count(app))
    for where, result in results.items():
        if result.key in made:
            results[where] = Result(result.key, made[result.key])
    image_state(env).digests = known
    image_state(env).results = results
    image_state(env).published = {}
    _warn_about_failures(uses, results)


def _warn_about_failures(
    uses: dict[str, list[ImageUse]], results: dict[tuple[str, str], Result]
) -> None:
    for docname in sorted(uses):
        for use in uses[docname]:
            error = results[use.source, use.profile].manifest.get("error")
            if error:
                warn(
                    Code.IMAGE,
                    "%s %r was left out: %s.",
                    "partner-card: logo" if use.profile == "logo" else "image-grid: image",
                    "/" + use.source,
                    error,
                    location=(docname, use.line),
                    hint="Replace the file with a working PNG, JPEG, WebP or SVG image.",
                )


# -- Writing --------------------------------------------------------------------------


def published_name(source: str, key: str, file: str) -> str:
    """A file name that says where it comes from and changes whenever its content does."""
    stem = _UNSAFE_STEM.sub("-", Path(source).stem).strip("-")[:40] or "image"
    return f"{stem}-{key[:12]}-{file}"


class PublishResponsiveImages(SphinxPostTransform):
    """Point each raster image of ours at its processed variants, and publish those."""

    default_priority = 195  # before Sphinx's own image post-transforms (ImageConverter: 200)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        results = _results(self.env)
        published = image_state(self.env).published
        with_webp = "epub" not in self.app.builder.name  # EPUB readers expect no WebP
        for node in list(self.document.findall(responsive_image)):
            if not _is_raster(node):
                continue
            result = results.get((_source_of(node), profile_of(node)))
            if result is None:
                # Never expected (every page's images are processed after reading);
                # the original must not be published in its place.
                warn(
                    Code.IMAGE,
                    "image %r was left out: it was not processed.",
                    node["uri"],
                    location=node,
                    hint="Build again from scratch (sphinx-build -E).",
                )
            if result is None or "variants" not in result.manifest:
                _leave_out(node)  # a broken file: warned about in process_images
                continue
            source = _source_of(node)
            where = (source, profile_of(node), with_webp)
            if where not in published:
                published[where] = self._publish(source, result, with_webp)
            variants = list(published[where])
            if not variants:  # a WebP source in an EPUB: nothing to show it with
                _leave_out(node)
                continue
            node["partners_variants"] = variants
            node["partners_width"] = result.manifest["width"]
            node["partners_height"] = result.manifest["height"]
            # No longer a file Sphinx knows: it neither copies the original nor rewrites this.
            node["uri"] = f"{self.app.builder.imagedir}/{PUBLISH_DIR}/{variants[-1]['file']}"
            node["candidates"] = {"*": node["uri"]}

    def _publish(self, source: str, result: Result, with_webp: bool) -> list[dict[str, Any]]:
        """Copy the image's variants to the output folder, under their published names."""
        directory = cache_dir(self.app)
        target_dir = Path(self.app.builder.outdir, self.app.builder.imagedir, PUBLISH_DIR)
        variants = []
        for variant in result.manifest["variants"]:
            if variant["format"] == "WEBP" and not with_webp:
                continue
            name = published_name(source, result.key, variant["file"])
            _image_cache.publish(directory, result.key, variant["file"], target_dir / name)
            variants.append({**variant, "file": name})
        return variants


def replace_static_copies(app: Sphinx, exception: Exception | None) -> None:
    """Replace what ``html_static_path`` copied of the sources we processed.

    A photo kept under ``_static/`` is copied there as it is, metadata and all. The
    site may link to it (an OpenGraph picture, a stylesheet), so it stays at its
    address, but as the largest processed variant: upright, without metadata. A
    source that could not be processed is removed.
    """
    if exception is not None or app.builder.format != "html":
        return
    static_dirs = [Path(app.confdir, entry).resolve() for entry in app.config.html_static_path]
    static_out = Path(app.builder.outdir, "_static")
    results = _results(app.env)
    largest: dict[str, tuple[str, str, int]] = {}  # source: (key, file, width)
    for (source, _profile), result in sorted(results.items()):
        variants = result.manifest.get("variants") or []
        kept = [v for v in variants if v["format"] != "WEBP"] or variants
        if kept and (source not in largest or kept[-1]["width"] > largest[source][2]):
            largest[source] = (result.key, kept[-1]["file"], kept[-1]["width"])
    sources = {use.source for page in _uses(app.env).values() for use in page}
    for source in sorted(sources):
        path = Path(app.env.srcdir, source).resolve()
        for static_dir in static_dirs:
            if not path.is_relative_to(static_dir):
                continue
            copy = static_out / path.relative_to(static_dir)
            if not copy.exists():
                continue
            copy.unlink()
            if source in largest:
                key, file, _width = largest[source]
                _image_cache.publish(cache_dir(app), key, file, copy)


def remove_stale_variants(app: Sphinx, exception: Exception | None) -> None:
    """Delete published variants no page uses any more.

    A photo taken off the site (or replaced) must leave it, even when the output
    folder is reused by an incremental build.
    """
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.builder.outdir, app.builder.imagedir, PUBLISH_DIR)
    if not folder.is_dir():
        return
    results = _results(app.env)
    in_use = {
        published_name(source, result.key, variant["file"])
        for (source, _profile), result in results.items()
        for variant in result.manifest.get("variants", ())
    }
    for path in folder.iterdir():
        if path.name not in in_use:
            path.unlink(missing_ok=True)


def _leave_out(node: responsive_image) -> None:
    parent = node.parent
    # A grid's image stands in a figure of its own: the figure goes with it.
    in_own_figure = profile_of(node) == "grid" and isinstance(parent, nodes.figure)
    if in_own_figure and parent.parent is not None:
        parent.parent.remove(parent)
    elif parent is not None:
        parent.remove(node)


def setup_publishing(app: Sphinx) -> None:
    app.add_env_collector(ResponsiveImageCollector)
    app.connect("env-updated", process_images)
    app.connect("env-updated", keep_cache_out_of_packages, priority=900)
    app.add_post_transform(PublishResponsiveImages)
    app.connect("build-finished", replace_static_copies)
    app.connect("build-finished", remove_stale_variants)
