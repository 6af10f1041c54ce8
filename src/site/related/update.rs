//! Related pages after an edit (`kring serve`): only the pages whose candidates or their order
//! the edit can have changed are scored again; the others keep their lists.

use super::{RelatedInput, score_all};
use crate::content::lookup::Target;
use std::sync::Mutex;

/// What the related pages of the last build were made of, with the result.
#[derive(Default)]
pub struct RelatedMemo {
    last: Mutex<Option<Last>>,
}

struct Last {
    outgoing: Vec<Vec<Target>>,
    backlinks: Vec<Vec<usize>>,
    terms: Vec<Vec<usize>>,
    titles: Vec<String>,
    /// Per page, its place in title order (as written).
    rank: Vec<u32>,
    published: Vec<usize>,
    n: usize,
    hub_cap: usize,
    related: Vec<Vec<usize>>,
}

/// The related pages, scoring again only the pages an edit since the last build can change.
pub(super) fn related_with_memo(
    memo: &RelatedMemo,
    input: &RelatedInput,
    published: &[usize],
    n: usize,
) -> Vec<Vec<usize>> {
    let terms: Vec<&[usize]> =
        input.taxonomies.iter().flat_map(|t| t.terms.iter().map(|term| &term.pages[..])).collect();
    let mut last = memo.last.lock().unwrap_or_else(|e| e.into_inner());
    let earlier = last.as_ref().and_then(|l| Some((l, dirty_pages(l, input, &terms)?)));
    let related = match earlier {
        Some((l, dirty)) if l.n == n && l.published == published => {
            let again: Vec<usize> = published.iter().copied().filter(|&a| dirty[a]).collect();
            let mut fresh = score_all(input, &again, n);
            let mut related = l.related.clone();
            for a in again {
                related[a] = std::mem::take(&mut fresh[a]);
            }
            related
        }
        _ => score_all(input, published, n),
    };
    *last = Some(Last {
        outgoing: input.outgoing.to_vec(),
        backlinks: input.backlinks.to_vec(),
        terms: terms.iter().map(|t| t.to_vec()).collect(),
        titles: input.titles.iter().map(|t| t.to_string()).collect(),
        rank: input.order.exact.clone(),
        published: published.to_vec(),
        n,
        hub_cap: input.hub_cap,
        related: related.clone(),
    });
    related
}

/// Per page, whether its related pages can differ from the last build's; None when all must
/// be scored again (a page or a term more or less). A page reads its own links, its backlinks,
/// the first pages of the backlinks of the pages it links to and of its terms, and the title
/// order of the candidates found there.
fn dirty_pages(l: &Last, input: &RelatedInput, terms: &[&[usize]]) -> Option<Vec<bool>> {
    let count = input.outgoing.len();
    if l.outgoing.len() != count
        || l.titles.len() != count
        || l.terms.len() != terms.len()
        || l.hub_cap != input.hub_cap
    {
        return None;
    }
    let cap = input.hub_cap;
    let mut dirty = vec![false; count];
    for a in 0..count {
        dirty[a] |= l.outgoing[a] != input.outgoing[a];
        if !same_use(&l.backlinks[a], &input.backlinks[a], cap) {
            dirty[a] = true;
            // The pages that link to `a` read its backlinks.
            mark(&mut dirty, &l.backlinks[a]);
            mark(&mut dirty, &input.backlinks[a]);
        }
    }
    for (old, new) in l.terms.iter().zip(terms) {
        if !same_use(old, new, cap) {
            mark(&mut dirty, old);
            mark(&mut dirty, new);
        }
    }
    // Every other page finds the same candidates with the same scores; only ties between them
    // can have turned, and only where a retitled page takes part.
    let retitled: Vec<usize> = (0..count).filter(|&p| l.titles[p] != input.titles[p]).collect();
    if !retitled.is_empty() {
        for (a, d) in dirty.iter_mut().enumerate() {
            *d = *d || turned(l, &input.order.exact, a, &retitled);
        }
    }
    Some(dirty)
}

/// Whether a list, reordered by a retitle, still gives every page the same candidates with
/// the same scores: the same pages as often, and the same among the first `cap`, which are
/// all that a hub's list adds.
fn same_use(old: &[usize], new: &[usize], cap: usize) -> bool {
    if old == new {
        return true;
    }
    let sorted = |l: &[usize]| {
        let mut v = l.to_vec();
        v.sort_unstable();
        v
    };
    let k = cap.min(old.len());
    old.len() == new.len() && sorted(old) == sorted(new) && sorted(&old[..k]) == sorted(&new[..k])
}

/// Whether the retitled pages can change page `a`'s list when its candidates and their scores
/// are the same: one of them is in it, or one passed its last entry in title order (only then
/// can it now win a tie with that entry and come in). A list shorter than the limit holds all
/// candidates already.
fn turned(l: &Last, rank: &[u32], a: usize, retitled: &[usize]) -> bool {
    let list = &l.related[a];
    if list.iter().any(|p| retitled.contains(p)) {
        return true;
    }
    match list.last() {
        Some(&end) if list.len() >= l.n => {
            retitled.iter().any(|&p| (l.rank[p] < l.rank[end]) != (rank[p] < rank[end]))
        }
        _ => false,
    }
}

fn mark(dirty: &mut [bool], pages: &[usize]) {
    pages.iter().for_each(|&p| dirty[p] = true);
}

#[cfg(test)]
mod tests {
    use super::super::{RelatedInput, related_pages, related_pages_cached};
    use super::*;
    use crate::site::taxonomy::{Taxonomy, Term};

    /// A small deterministic generator (xorshift), so the test needs no crate.
    struct Dice(u64);
    impl Dice {
        fn roll(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below as u64) as usize
        }
    }

    /// Pages, their links and their terms, made consistent the way the site graph makes them.
    struct Graph {
        titles: Vec<String>,
        outgoing: Vec<Vec<Target>>,
        members: Vec<Vec<bool>>,
    }

    impl Graph {
        fn by_title(&self, mut pages: Vec<usize>) -> Vec<usize> {
            pages.sort_by(|&a, &b| self.titles[a].cmp(&self.titles[b]));
            pages
        }
        fn backlinks(&self) -> Vec<Vec<usize>> {
            (0..self.titles.len())
                .map(|b| {
                    let from = (0..self.titles.len())
                        .filter(|&a| a != b && self.outgoing[a].contains(&Target::Page(b)));
                    self.by_title(from.collect())
                })
                .collect()
        }
        fn taxonomy(&self) -> Taxonomy {
            let mut taxonomy = super::super::tests::theme(Vec::new());
            taxonomy.terms = self
                .members
                .iter()
                .map(|m| Term {
                    name: String::new(),
                    url: String::new(),
                    page: None,
                    pages: self.by_title((0..m.len()).filter(|&p| m[p]).collect()),
                })
                .collect();
            taxonomy
        }
    }

    #[test]
    fn after_every_random_edit_the_memo_gives_what_a_fresh_computation_gives() {
        // Many small, sparse graphs: ties between candidates that only one rule notices
        // (two links of one page, one retitled past the other) come up in some of them. Small
        // hub caps make lists longer than the part of them that counts.
        for seed in 1..=80u64 {
            let cap = [2, 3, 5, super::super::HUB_CAP][seed as usize % 4];
            let count = 6 + (seed as usize * 7) % 19;
            let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let mut g = Graph {
                titles: (0..count).map(|i| ((b'a' + (i % 5) as u8) as char).to_string()).collect(),
                outgoing: vec![Vec::new(); count],
                members: vec![vec![false; count]; 3],
            };
            let memo = RelatedMemo::default();
            for step in 0..150 {
                edit(&mut g, &mut dice, count);
                if dice.roll(4) == 0 {
                    edit(&mut g, &mut dice, count);
                }
                let (cached, fresh) = both(&g, &memo, 2, cap);
                assert_eq!(cached, fresh, "seed {seed}, step {step}");
            }
        }
    }

    /// Related pages of `g` with and without the memo.
    fn both(
        g: &Graph,
        memo: &RelatedMemo,
        n: usize,
        hub_cap: usize,
    ) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let backlinks = g.backlinks();
        let taxonomies = [g.taxonomy()];
        let titles: Vec<&str> = g.titles.iter().map(String::as_str).collect();
        let input = RelatedInput {
            outgoing: &g.outgoing,
            backlinks: &backlinks,
            taxonomies: &taxonomies,
            titles: &titles,
            order: &crate::site::order::TitleOrder::of_titles(&titles),
            hub_cap,
        };
        let all: Vec<usize> = (0..g.titles.len()).collect();
        (related_pages_cached(&input, &all, n, Some(memo)), related_pages(&input, &all, n))
    }

    #[test]
    fn a_retitled_page_reaches_pages_through_a_shared_target_or_term() {
        // Page 0 reaches 1 and 2 equally: through the targets 3 and 4 they also link to, or
        // through two terms. Retitling 1 past 2 keeps every list it is in as it was, yet
        // changes which of the two page 0 shows.
        let page = |p: usize| Target::Page(p);
        let titles = ["a", "b", "c", "t", "u"].map(String::from).to_vec();
        let mut shared_target = Graph {
            titles: titles.clone(),
            outgoing: vec![vec![page(3), page(4)], vec![page(3)], vec![page(4)], vec![], vec![]],
            members: vec![vec![false; 5]],
        };
        let mut shared_term = Graph {
            titles,
            outgoing: vec![Vec::new(); 5],
            members: vec![
                vec![true, true, false, false, false],
                vec![true, false, true, false, false],
            ],
        };
        for (g, n) in [(&mut shared_target, 3), (&mut shared_term, 1)] {
            let memo = RelatedMemo::default();
            let (cached, fresh) = both(g, &memo, n, super::super::HUB_CAP);
            assert_eq!(cached, fresh);
            assert!(fresh[0].contains(&1) && !fresh[0].contains(&2), "{fresh:?}");
            g.titles[1] = "d".into();
            let (cached, fresh) = both(g, &memo, n, super::super::HUB_CAP);
            assert!(fresh[0].contains(&2) && !fresh[0].contains(&1), "{fresh:?}");
            assert_eq!(cached, fresh);
        }
    }

    /// One random edit: a title, a link, a term membership, or nothing.
    fn edit(g: &mut Graph, dice: &mut Dice, count: usize) {
        let p = dice.roll(count);
        match dice.roll(8) {
            0..=2 => g.titles[p] = ((b'a' + dice.roll(7) as u8) as char).to_string(),
            3..=5 => {
                let t = Target::Page(dice.roll(count));
                match g.outgoing[p].iter().position(|x| *x == t) {
                    Some(at) => {
                        g.outgoing[p].remove(at);
                    }
                    None => g.outgoing[p].push(t),
                }
            }
            6 => {
                let term = dice.roll(g.members.len());
                g.members[term][p] = !g.members[term][p];
            }
            _ => {} // nothing changed: everything comes from the memo
        }
    }
}
