# A flat site: one toctree with a caption, an external link, a "self" entry, an orphan.
extensions = ["sphinx_partners"]
html_theme = "furo"
project = "Flat"
