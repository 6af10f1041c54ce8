//! Related content: for each page, up to five other pages scored on direct links, shared
//! taxonomy terms and shared link targets. Uses the inverted lists already built, so the cost
//! grows with the number of links and tags, not with pages squared.

use super::taxonomy::Taxonomy;
use crate::content::lookup::Target;
use std::collections::HashMap;

/// How many pages of one term or link target are looked at, so hubs stay cheap.
const HUB_CAP: usize = 300;

/// The inputs: per page its outgoing page targets and its backlinks, plus the taxonomies.
pub struct RelatedInput<'a> {
    /// Outgoing links and references per page index.
    pub outgoing: &'a [Vec<Target>],
    /// Pages linking to each page.
    pub backlinks: &'a [Vec<usize>],
    /// The taxonomies.
    pub taxonomies: &'a [Taxonomy],
    /// Titles, for stable tie-breaking.
    pub titles: &'a [&'a str],
}

/// Up to `n` related pages per page (only for `published`).
pub fn related_pages(input: &RelatedInput, published: &[usize], n: usize) -> Vec<Vec<usize>> {
    let count = input.outgoing.len();
    let mut terms_of: Vec<Vec<&[usize]>> = vec![Vec::new(); count];
    for tax in input.taxonomies {
        for term in &tax.terms {
            for &p in &term.pages {
                terms_of[p].push(&term.pages);
            }
        }
    }
    let mut out = vec![Vec::new(); count];
    for &a in published {
        let mut scores: HashMap<usize, u32> = HashMap::new();
        for pages in &terms_of[a] {
            for &b in pages.iter().take(HUB_CAP) {
                *scores.entry(b).or_default() += 2;
            }
        }
        for target in &input.outgoing[a] {
            let Target::Page(t) = *target else { continue };
            *scores.entry(t).or_default() += 3;
            for &b in input.backlinks[t].iter().take(HUB_CAP) {
                *scores.entry(b).or_default() += 1;
            }
        }
        for &b in &input.backlinks[a] {
            *scores.entry(b).or_default() += 3;
        }
        scores.remove(&a);
        let mut ranked: Vec<(u32, usize)> = scores.into_iter().map(|(b, s)| (s, b)).collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| input.titles[x.1].cmp(input.titles[y.1])));
        out[a] = ranked.into_iter().take(n).map(|(_, b)| b).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::taxonomy::Term;

    #[test]
    fn shared_terms_and_links_rank_pages() {
        // 0 and 1 share a theme; 0 links to 2; 3 is unrelated.
        let tax = Taxonomy {
            key: "thema".into(),
            label: String::new(),
            label_plural: String::new(),
            description: String::new(),
            url: String::new(),
            terms: vec![Term {
                name: "toegang".into(),
                url: String::new(),
                page: None,
                pages: vec![0, 1],
            }],
        };
        let outgoing = vec![vec![Target::Page(2)], vec![], vec![], vec![]];
        let backlinks = vec![vec![], vec![], vec![0], vec![]];
        let titles = ["a", "b", "c", "d"];
        let input = RelatedInput {
            outgoing: &outgoing,
            backlinks: &backlinks,
            taxonomies: &[tax],
            titles: &titles,
        };
        let related = related_pages(&input, &[0, 1, 2, 3], 5);
        assert_eq!(related[0], vec![2, 1]);
        assert_eq!(related[1], vec![0]);
        assert_eq!(related[2], vec![0]);
        assert!(related[3].is_empty());
    }
}
