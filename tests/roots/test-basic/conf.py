extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
html_theme = "basic"
project = "Test"
version = release = "1.0"
copyright = "2026, Test"
