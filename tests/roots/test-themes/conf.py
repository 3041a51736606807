# One page of cards, a grid and a directory, built once per theme by the browser tests
# (`-D html_theme=...`): the components must look and behave the same on each.
extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
project = "Themes"
language = "en"
html_theme = "furo"
exclude_patterns = ["_build"]
