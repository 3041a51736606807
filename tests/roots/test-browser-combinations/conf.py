# The extension with the real theme, in combinations the site's own pages don't use:
# the browser tests hold these pages to the same rules as the site.
extensions = ["myst_parser", "sphinx_design", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
html_theme = "furo"
project = "Combinations"
language = "en"
exclude_patterns = ["_build"]
