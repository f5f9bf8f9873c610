"""The letter page puts its table of contents at the top, and a URL in a footnote is a link."""

from letters.ingest import ingest_letter

from .documents import SEED_LETTER

EURLEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:L_202403015"


def test_the_table_of_contents_comes_before_the_letter(client, demo):
    letter = ingest_letter(SEED_LETTER)
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    toc = body.index('id="h-toc"')
    assert toc < body.index('class="letter-body"')
    assert toc < body.index('id="h-answers"')
    for anchor in ("par-economische-weerbaarheid", "par-taiwan", "par-mensenrechten", "footnotes-title"):
        assert f'href="#{anchor}"' in body[toc : body.index('class="letter-body"')]


def test_a_url_in_a_footnote_is_a_link(client, demo):
    letter = ingest_letter(SEED_LETTER)
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    footnotes = body.split('class="footnotes"', 1)[1]
    assert f'<a href="{EURLEX}" rel="nofollow noopener">{EURLEX}</a>' in footnotes.replace("&amp;", "&")


def test_a_url_with_markup_characters_stays_escaped(client, db, tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text('Geachte voorzitter,\n\nZie de bron.[footnoteRef:1]  [1:  https://example.org/a?b=1&c="x"<script>.]\n', encoding="utf-8")
    letter = ingest_letter(path, title="Test")
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    assert "<script>" not in body
    assert 'href="https://example.org/a?b=1&amp;c="' in body
