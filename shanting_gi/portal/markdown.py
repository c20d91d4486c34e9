"""Markdown for the portal's texts (articles, packaging rules), rendered safely.

markdown-it-py in CommonMark mode with raw HTML off: anything that looks like a tag is shown
as text, and links are validated (no javascript:, vbscript:, file: or data: addresses).
Pictures inside the text are off too — an article's pictures are uploaded beside it, with
their alternative texts. A "# " heading becomes <h2>, so that a text never competes with the
page's own <h1>; "## " (what the editors are told to use) is <h2> as written.
"""

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")

    def heading(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if not token.meta.get("shifted"):
            token.tag = f"h{max(int(token.tag[1]), 2)}"
            token.meta["shifted"] = True
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading)
    md.add_render_rule("heading_close", heading)
    return md


_MD = _parser()


def render(text):
    """Safe HTML for the given Markdown text."""
    return mark_safe(_MD.render(text or ""))  # raw HTML is disabled above
