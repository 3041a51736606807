# Only hidden toctrees, like most furo sites; a page outside every toctree.
extensions = ["sphinx_partners"]
html_theme = "furo"
project = "Hidden"
