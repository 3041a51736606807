# A page whose sections sit in an `only` block: the fast navigation steps aside.
extensions = ["sphinx_partners"]
html_theme = "furo"
project = "Only"
