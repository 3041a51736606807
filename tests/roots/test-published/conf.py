# Only the check of published files stands between content and the reader here: the
# doctree checks of links and files are off (tests/test_published.py).
extensions = ["myst_parser", "sphinx_design", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "basic"
html_static_path = ["_static"]
project = "Published"
partners_harden_site = True
partners_safe_links = False
partners_confine_files = False
suppress_warnings = ["toc.not_included", "myst.xref_missing", "ref.any"]
