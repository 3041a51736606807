# The hardened configuration the security guide recommends (docs/authoring/security.md);
# the hostile corpus's pages are written by tests/test_hostile.py at build time.
extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "basic"
project = "Hostile"
suppress_warnings = ["toc.not_included"]
# Keep quotes as written, so tests can compare text exactly.
smartquotes = False
# Site-wide hardening: links, files and the check of published files.
partners_harden_site = True
