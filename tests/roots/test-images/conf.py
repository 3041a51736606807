extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
html_theme = "basic"
project = "Images"
html_static_path = ["_static"]
