"""Sphinx extension: render clientele's multilingual glossary from its data.

It adds one directive, ``clientele-glossary``, which takes no arguments and
renders every concept of :data:`clientele.GLOSSARY` as a section of the page
it is used on: the definition, the clientele name (linked to the API
reference), a table of the terms in each language, and, for every term that
also names other concepts, which ones and how to choose between them. The
page is generated at build time, so it cannot drift from the data; a change to
the data rebuilds the page.

In MyST Markdown::

    ```{clientele-glossary}
    ```
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

import clientele
from clientele import GLOSSARY, Concept, Language, Term, lookup

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Sections get these ids, so that other pages can link to one concept
#: (``glossary.md#concept-end-customer``).
ID_PREFIX = "concept-"


def _section_id(key: str) -> str:
    """Return the section id of concept *key*: ``end_customer`` gets ``concept-end-customer``."""
    return ID_PREFIX + key.replace("_", "-")


class GlossaryDirective(SphinxDirective):
    """Render every concept of the glossary, one section each."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return one section per concept, in the glossary's order."""
        # The page depends on the data: rebuild it when the data changes.
        source = inspect.getsourcefile(Concept)
        if source is not None:
            self.env.note_dependency(source)
        return [self._section(entry) for entry in GLOSSARY]

    def _section(self, entry: Concept) -> nodes.section:
        section = nodes.section(ids=[_section_id(entry.key)])
        self.set_source_info(section)
        section += nodes.title(text=entry.english)
        section += nodes.paragraph(text=entry.definition)
        section += nodes.paragraph(
            "",
            "",
            nodes.Text("Key "),
            nodes.literal(text=entry.key),
            nodes.Text("; in clientele: "),
            self._api_reference(entry.api),
            nodes.Text("."),
        )
        section += self._terms_table(entry)
        shared = self._shared_terms(entry)
        if shared is not None:
            section += shared
        return section

    def _api_reference(self, api: str) -> addnodes.pending_xref:
        """Return a link to the API reference entry for ``clientele.<api>``."""
        target = f"clientele.{api}"
        reference = addnodes.pending_xref(
            "",
            nodes.literal(text=target, classes=["xref", "py", "py-obj"]),
            refdomain="py",
            reftype="obj",
            reftarget=target,
            refexplicit=False,
            refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(reference)
        return reference

    def _terms_table(self, entry: Concept) -> nodes.table:
        table = nodes.table(classes=["clientele-glossary"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=3)
        head = nodes.thead()
        group += head
        head += _row(nodes.paragraph(text="Language"), nodes.paragraph(text="Terms"))
        body = nodes.tbody()
        group += body
        for language in Language:
            terms = nodes.paragraph()
            for number, term in enumerate(entry.terms_in(language)):
                if number:
                    terms += nodes.Text(", ")
                # Terms that also name other concepts are set in italics and
                # explained below the table.
                if term.how_to_choose is None:
                    terms += nodes.Text(term.text)
                else:
                    terms += nodes.emphasis(text=term.text)
            body += _row(nodes.paragraph(text=language.english_name), terms)
        return table

    def _shared_terms(self, entry: Concept) -> nodes.Element | None:
        """Return the notes on the concept's ambiguous terms, if it has any."""
        notes = nodes.bullet_list()
        for term in entry.terms:
            if term.how_to_choose is not None:
                notes += nodes.list_item("", self._shared_term(entry, term))
        if not notes.children:
            return None
        intro = nodes.paragraph(
            text="Terms in italics also name other concepts. How to tell them apart:"
        )
        return nodes.container("", intro, notes, classes=["clientele-glossary-notes"])

    def _shared_term(self, entry: Concept, term: Term) -> nodes.paragraph:
        others = [c.concept for c in lookup(term.text) if c.concept != entry]
        note = nodes.paragraph()
        note += nodes.emphasis(text=term.text)
        note += nodes.Text(
            f" ({term.language.english_name}, {term.prevalence.value} reading; also: "
        )
        for number, other in enumerate(others):
            if number:
                note += nodes.Text(", ")
            note += nodes.reference("", other.english, refid=_section_id(other.key))
        note += nodes.Text(f"). {term.how_to_choose}")
        return note


def _row(*cells: nodes.Element) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", cell)
    return row


def setup(app: Sphinx) -> dict[str, object]:
    """Register the ``clientele-glossary`` directive."""
    app.add_directive("clientele-glossary", GlossaryDirective)
    return {
        "version": clientele.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
