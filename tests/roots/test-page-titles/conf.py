# Page titles of the kinds the HTML builder renders for neighbours and parents: plain
# text, inline code, emphasis, a subscript, and math (a node kept out of the memory).
extensions = ["myst_parser", "sphinx_partners"]
html_theme = "furo"
project = "Titles"
