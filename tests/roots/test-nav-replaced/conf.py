# Another extension replaces toctree() on one page, as sphinx-notfound-page does on its 404.
extensions = ["sphinx_partners"]
html_theme = "furo"
project = "Replaced"


def absolute_links(app, pagename, templatename, context, doctree):
    if pagename != "other":
        return
    original = context["toctree"]

    def toctree(**kwargs):
        return original(**kwargs).replace('href="', 'href="/site/')

    context["toctree"] = toctree


def setup(app):
    app.connect("html-page-context", absolute_links, priority=400)
