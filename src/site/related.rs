//! Related content: for each page, up to five other pages scored on direct links, shared
//! taxonomy terms and shared link targets. Uses the inverted lists already built, so the cost
//! grows with the number of links and tags, not with pages squared.

use super::order::TitleOrder;
use super::taxonomy::Taxonomy;
use crate::content::lookup::Target;

/// How many pages of one term or link target are looked at, so hubs stay cheap.
pub const HUB_CAP: usize = 300;

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
    /// The pages in order of those titles.
    pub order: &'a TitleOrder,
    /// How many pages of one term or link target are looked at ([`HUB_CAP`]).
    pub hub_cap: usize,
}

mod update;

pub use update::RelatedMemo;

/// Up to `n` related pages per page (only for `published`).
pub fn related_pages(input: &RelatedInput, published: &[usize], n: usize) -> Vec<Vec<usize>> {
    related_pages_cached(input, published, n, None)
}

/// Like [`related_pages`]; with `memo` (`kring serve`), only the pages an edit since the last
/// build can change are scored again.
pub fn related_pages_cached(
    input: &RelatedInput,
    published: &[usize],
    n: usize,
    memo: Option<&RelatedMemo>,
) -> Vec<Vec<usize>> {
    match memo {
        Some(memo) => update::related_with_memo(memo, input, published, n),
        None => score_all(input, published, n),
    }
}

/// The related pages of the pages in `published` (the others get none).
fn score_all(input: &RelatedInput, published: &[usize], n: usize) -> Vec<Vec<usize>> {
    let ranks = input.order;
    let count = input.outgoing.len();
    let mut terms_of: Vec<Vec<&[usize]>> = vec![Vec::new(); count];
    for tax in input.taxonomies {
        for term in &tax.terms {
            for &p in &term.pages {
                terms_of[p].push(&term.pages);
            }
        }
    }
    use rayon::prelude::*;
    // One dense score array per thread, reset through the list of pages it touched: hashing
    // every candidate was the largest cost of the links phase.
    let ranked: Vec<(usize, Vec<usize>)> = published
        .par_iter()
        .map_init(
            || (vec![0u32; count], Vec::new()),
            |(scores, touched), &a| {
                let mut add = |b: usize, s: u32| {
                    if scores[b] == 0 {
                        touched.push(b);
                    }
                    scores[b] += s;
                };
                for pages in &terms_of[a] {
                    pages.iter().take(input.hub_cap).for_each(|&b| add(b, 2));
                }
                for target in &input.outgoing[a] {
                    let Target::Page(t) = *target else { continue };
                    add(t, 3);
                    input.backlinks[t].iter().take(input.hub_cap).for_each(|&b| add(b, 1));
                }
                input.backlinks[a].iter().for_each(|&b| add(b, 3));
                let mut best: Vec<u64> = touched
                    .iter()
                    .filter(|&&b| b != a)
                    .map(|&b| order_key(scores[b], ranks.exact[b]))
                    .collect();
                for &b in touched.iter() {
                    scores[b] = 0;
                }
                touched.clear();
                (a, top(best.as_mut_slice(), n, &ranks.exact_pages))
            },
        )
        .collect();
    let mut out = vec![Vec::new(); count];
    for (a, list) in ranked {
        out[a] = list;
    }
    out
}

/// A candidate as one number that sorts highest score first, then by title.
fn order_key(score: u32, rank: u32) -> u64 {
    (u64::from(u32::MAX - score) << 32) | u64::from(rank)
}

/// The pages of the `n` smallest keys, in order; only the winners are fully sorted.
fn top(candidates: &mut [u64], n: usize, page_at: &[usize]) -> Vec<usize> {
    let keep = n.min(candidates.len());
    if candidates.len() > n && n > 0 {
        candidates.select_nth_unstable(n - 1);
    }
    let winners = &mut candidates[..keep];
    winners.sort_unstable();
    winners.iter().map(|&k| page_at[(k & u64::from(u32::MAX)) as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::taxonomy::Term;

    /// A taxonomy with one term holding `pages`.
    pub(super) fn theme(pages: Vec<usize>) -> Taxonomy {
        Taxonomy {
            key: "thema".into(),
            label: String::new(),
            label_plural: String::new(),
            description: String::new(),
            url: String::new(),
            terms: vec![Term { name: "toegang".into(), url: String::new(), page: None, pages }],
        }
    }

    #[test]
    fn the_memo_gives_what_a_fresh_computation_gives_after_each_change() {
        let memo = RelatedMemo::default();
        let all = [0, 1, 2, 3];
        // Each step changes one input: a link, a backlink, a term's pages, the title order.
        // (outgoing, backlinks, the pages of the one term, titles)
        type Step<'a> = (Vec<Vec<Target>>, Vec<Vec<usize>>, Vec<usize>, [&'a str; 4]);
        let steps: Vec<Step> = vec![
            (
                vec![vec![Target::Page(2)], vec![], vec![], vec![]],
                vec![vec![], vec![], vec![0], vec![]],
                vec![0, 1],
                ["a", "b", "c", "d"],
            ),
            (
                vec![vec![Target::Page(3)], vec![], vec![], vec![]],
                vec![vec![], vec![], vec![0], vec![]],
                vec![0, 1],
                ["a", "b", "c", "d"],
            ),
            (
                vec![vec![Target::Page(3)], vec![], vec![], vec![]],
                vec![vec![], vec![], vec![], vec![0]],
                vec![0, 1],
                ["a", "b", "c", "d"],
            ),
            (
                vec![vec![Target::Page(3)], vec![], vec![], vec![]],
                vec![vec![], vec![], vec![], vec![0]],
                vec![0, 1, 2],
                ["a", "b", "c", "d"],
            ),
            (
                vec![vec![Target::Page(3)], vec![], vec![], vec![]],
                vec![vec![], vec![], vec![], vec![0]],
                vec![0, 1, 2],
                ["a", "z", "c", "d"],
            ),
            // 1 and 2 tie for 0: the title order decides.
            (vec![vec![]; 4], vec![vec![]; 4], vec![0, 1, 2], ["a", "b", "c", "d"]),
            (vec![vec![]; 4], vec![vec![]; 4], vec![0, 1, 2], ["a", "z", "c", "d"]),
        ];
        for (k, (outgoing, backlinks, pages, titles)) in steps.iter().enumerate() {
            let taxonomies = [theme(pages.clone())];
            let order = TitleOrder::of_titles(titles);
            let input = RelatedInput {
                outgoing,
                backlinks,
                taxonomies: &taxonomies,
                titles,
                order: &order,
                hub_cap: HUB_CAP,
            };
            let fresh = related_pages(&input, &all, 1);
            assert_eq!(related_pages_cached(&input, &all, 1, Some(&memo)), fresh, "step {k}");
        }
    }

    #[test]
    fn shared_terms_and_links_rank_pages() {
        // 0 and 1 share a theme; 0 links to 2; 3 is unrelated.
        let tax = theme(vec![0, 1]);
        let outgoing = vec![vec![Target::Page(2)], vec![], vec![], vec![]];
        let backlinks = vec![vec![], vec![], vec![0], vec![]];
        let titles = ["a", "b", "c", "d"];
        let input = RelatedInput {
            outgoing: &outgoing,
            backlinks: &backlinks,
            taxonomies: &[tax],
            titles: &titles,
            order: &TitleOrder::of_titles(&titles),
            hub_cap: HUB_CAP,
        };
        let related = related_pages(&input, &[0, 1, 2, 3], 5);
        assert_eq!(related[0], vec![2, 1]);
        assert_eq!(related[1], vec![0]);
        assert_eq!(related[2], vec![0]);
        assert!(related[3].is_empty());
    }
}
