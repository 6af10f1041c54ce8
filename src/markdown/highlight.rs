//! Code highlighting with syntect, as CSS classes; the syntax set is loaded once, on first use.

use pulldown_cmark::CodeBlockKind;
use pulldown_cmark_escape::escape_html;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Loaded only when a page has a code block with a language.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block as `<pre><code>`, highlighted when its language is known.
pub(super) fn code_block(kind: &CodeBlockKind, code: &str) -> String {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => {
            info.split([' ', ',', '{']).next().unwrap_or("").trim().to_string()
        }
        CodeBlockKind::Indented => String::new(),
    };
    if !lang.is_empty() {
        let set = syntaxes();
        if let Some(syntax) = set.find_syntax_by_token(&lang) {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                set,
                ClassStyle::SpacedPrefixed { prefix: "hl-" },
            );
            let ok = LinesWithEndings::from(code)
                .all(|line| generator.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                let mut lang_attr = String::new();
                let _ = escape_html(&mut lang_attr, &lang);
                return format!(
                    "<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{}</code></pre>\n",
                    generator.finalize()
                );
            }
        }
    }
    let mut escaped = String::new();
    let _ = escape_html(&mut escaped, code);
    format!("<pre class=\"code\"><code>{escaped}</code></pre>\n")
}
