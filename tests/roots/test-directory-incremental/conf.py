extensions = ["myst_parser", "sphinx_partners"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
html_theme = "basic"
project = "Test"
# No sidebars or previous/next bars: Sphinx itself never rewrites a deleted page's
# neighbours, and these tests are about what the partners extension shows.
html_sidebars = {"**": []}
templates_path = ["_templates"]
