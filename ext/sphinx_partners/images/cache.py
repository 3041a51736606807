"""Processed images, cached by content hash and settings, made by a pool of processes.

A result is a folder ``<cache>/<key[:2]>/<key>/`` holding the variants and, written
last, ``manifest.json``. A worker builds it in a private temporary folder and renames
that into place in one step, so another process (``-j``, or a second build sharing the
doctree folder) sees either nothing or a complete result, never half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import processing as images

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    """One source file to process with one recipe."""

    key: str
    source: Path
    digest: str
    source_format: str
    recipe: images.Recipe


def result_key(digest: str, recipe: images.Recipe) -> str:
    return hashlib.sha256(f"{digest}\n{recipe.fingerprint()}".encode()).hexdigest()


def result_dir(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / key


def load_manifest(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The cached result for *key*, or None when it has not been made yet."""
    try:
        text = (result_dir(cache_dir, key) / MANIFEST).read_text(encoding="utf-8")
        manifest: dict[str, Any] = json.loads(text)
    except (OSError, ValueError):
        return None
    if manifest.get("version") != images.PIPELINE_VERSION or not well_formed(manifest):
        return None  # made again
    folder = result_dir(cache_dir, key)
    linked = [folder, folder.parent] + [
        folder / each["file"] for each in manifest.get("variants", [])
    ]
    if any(path.is_symlink() for path in linked):
        return None  # a link would publish a file from anywhere: made again
    return manifest


def well_formed(manifest: dict[str, Any]) -> bool:
    """Whether *manifest* is one this pipeline writes: each variant's file is named
    ``<width>.<extension>`` of its own format. The doctree folder can come from a pull
    request (committed with ``git add -f``), and a name with ``..`` would copy its files
    anywhere the build can write (a red team's finding)."""
    if "error" in manifest:
        return isinstance(manifest["error"], str)
    variants = manifest.get("variants")
    if not isinstance(variants, list) or not variants:
        return False
    for variant in variants:
        if not isinstance(variant, dict):
            return False
        image_format, width = variant.get("format"), variant.get("width")
        if image_format not in images.EXTENSIONS or not _is_size(width):
            return False
        if not _is_size(variant.get("height")):
            return False
        if variant.get("file") != f"{width}.{images.EXTENSIONS[image_format]}":
            return False
    return _is_size(manifest.get("width")) and _is_size(manifest.get("height"))


def _is_size(value: object) -> bool:
    return type(value) is int and value > 0


def run_job(job: Job, cache_dir: Path) -> dict[str, Any]:
    """Make the result for *job* (or find it made by another process); return its manifest.

    A broken image gives a manifest with an ``error``: it is cached like any result, so
    an unchanged broken file is not decoded again either.
    """
    final = result_dir(cache_dir, job.key)
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    try:
        manifest = _make(job, work)
        (work / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        try:
            work.replace(final)
        except OSError:
            # Another process finished the same result first; theirs is as good.
            found = load_manifest(cache_dir, job.key)
            if found is not None:
                return found
            # What is there cannot be used (damaged, or not written by this pipeline):
            # ours takes its place.
            shutil.rmtree(final, ignore_errors=True)
            try:
                work.replace(final)
            except OSError:
                found = load_manifest(cache_dir, job.key)
                if found is None:
                    raise
                return found
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _make(job: Job, work: Path) -> dict[str, Any]:
    try:
        data = job.source.read_bytes()
    except OSError as exc:
        return _error(f"the file cannot be read ({exc.strerror})")
    if images.content_digest(data) != job.digest:
        return _error("the file changed during the build; build again")
    try:
        return images.process_image(data, job.source_format, job.recipe, work)
    except images.ProcessingError as exc:
        return _error(str(exc))
    except Exception as exc:  # one image never stops the build
        return _error(f"the image cannot be processed ({exc.__class__.__name__}: {exc})")


def _error(message: str) -> dict[str, Any]:
    return {"version": images.PIPELINE_VERSION, "error": message}


def run_jobs(jobs: list[Job], cache_dir: Path, workers: int) -> dict[str, dict[str, Any]]:
    """Process *jobs* with up to *workers* processes; return the manifests by key."""
    if not jobs:
        return {}
    cache_dir.mkdir(parents=True, exist_ok=True)
    if workers <= 1 or len(jobs) == 1:
        return {job.key: run_job(job, cache_dir) for job in jobs}
    # Imported here: a rebuild with nothing to do does not pay for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork, as Sphinx's own -j: spawn and forkserver re-run the caller's __main__.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        # Largest files first, so one big photo does not finish alone at the end.
        ordered = sorted(jobs, key=lambda job: (-_size(job.source), job.key))
        futures = {job.key: pool.submit(run_job, job, cache_dir) for job in ordered}
        return {key: future.result() for key, future in futures.items()}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def publish(cache_dir: Path, key: str, file: str, target: Path) -> None:
    """Copy a variant to the output folder unless it is there already.

    Names are content-addressed, so a file that exists holds the same bytes; a new one
    is written under a temporary name and renamed, so readers never see half of it.
    """
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        shutil.copyfile(result_dir(cache_dir, key) / file, temporary)
        temporary.chmod(0o644)  # mkstemp makes it private; a web server must read it
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
