"""Turns a kring knowledge base into a Zola site, for bench/compare.sh.

Usage: python3 bench/zola_site.py KB_DIR SITE_DIR

Zola rejects front matter keys it does not know, so each file keeps `title` (and `date`),
the grouping fields that bench/hugo also uses become [taxonomies], and every other field
moves under [extra]. The Markdown body is copied unchanged.
"""

import datetime
import pathlib
import shutil
import sys
import tomllib

import tomli_w

TAXONOMIES = ("themas", "doelgroepen", "methoden", "gemeente")
PAGE_KEYS = ("title", "date")


def zola_front_matter(fields, section):
    """The front matter Zola accepts for one page or section."""
    out, taxonomies, extra = {}, {}, {}
    for key, value in fields.items():
        if key in PAGE_KEYS and not (section and key == "date"):
            out[key] = value
        elif not section and key in TAXONOMIES and is_terms(value):
            taxonomies[key] = [value] if isinstance(value, str) else value
        else:
            extra[key] = value
    if "date" in out and not isinstance(out["date"], (datetime.date, datetime.datetime)):
        extra["date"] = out.pop("date")
    if taxonomies:
        out["taxonomies"] = taxonomies
    if extra:
        out["extra"] = extra
    return out


def is_terms(value):
    """A term or a list of terms: what a Zola taxonomy takes (gemeenten's `methoden` is not)."""
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


def convert(src, dst, section):
    text = src.read_text(encoding="utf-8")
    _, front, body = text.split("+++", 2)
    fields = tomllib.loads(front)
    dst.write_text(
        "+++\n" + tomli_w.dumps(zola_front_matter(fields, section)) + "+++" + body,
        encoding="utf-8",
    )


def main():
    kb, site = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    here = pathlib.Path(__file__).resolve().parent / "zola"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(here, site)
    for src in sorted((kb / "content").rglob("*.md")):
        dst = site / "content" / src.relative_to(kb / "content")
        dst.parent.mkdir(parents=True, exist_ok=True)
        convert(src, dst, src.name == "_index.md")


if __name__ == "__main__":
    main()
