# Folders three levels deep, several root toctrees (one hidden), titlesonly/maxdepth,
# a page listed twice, a page with two top-level sections, and an orphan.
extensions = ["sphinx_partners"]
html_theme = "furo"
project = "Nested"
suppress_warnings = ["toc.multiple_toctrees"]
