//! Every page's place in title order, computed once per build: lists sorted by title (backlinks,
//! taxonomy terms, section listings, related pages, the network) then compare numbers instead of
//! lowercasing and comparing titles again for each list a page is in.

use crate::content::Content;
use rayon::prelude::*;

/// Pages in title order, as written and without case; ties go by page index, which is the order
/// a stable sort of pages in index order gives.
#[derive(Debug, Clone, Default)]
pub struct TitleOrder {
    /// Per page, its place when titles are compared as written.
    pub exact: Vec<u32>,
    /// The page at each place of [`TitleOrder::exact`].
    pub exact_pages: Vec<usize>,
    /// Per page, its place when titles are compared without case (`to_lowercase`).
    pub folded: Vec<u32>,
}

impl TitleOrder {
    /// The title order of all pages of `content`.
    pub fn new(content: &Content) -> TitleOrder {
        let titles: Vec<&str> = content.pages.iter().map(|p| p.meta.title.as_str()).collect();
        TitleOrder::of_titles(&titles)
    }

    /// The title order of pages with these titles.
    pub fn of_titles(titles: &[&str]) -> TitleOrder {
        let (exact_pages, folded_pages) = rayon::join(
            || sorted_by(titles),
            || {
                let lower: Vec<String> = titles.par_iter().map(|t| t.to_lowercase()).collect();
                sorted_by(&lower)
            },
        );
        TitleOrder { exact: places(&exact_pages), exact_pages, folded: places(&folded_pages) }
    }
}

/// Page indices ordered by `keys`, ties by index.
fn sorted_by<K: Ord + Sync>(keys: &[K]) -> Vec<usize> {
    let mut pages: Vec<usize> = (0..keys.len()).collect();
    pages.par_sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    pages
}

/// Per page, its place in `order`.
fn places(order: &[usize]) -> Vec<u32> {
    let mut place = vec![0u32; order.len()];
    for (r, &p) in order.iter().enumerate() {
        place[p] = r as u32;
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_titles_with_and_without_case() {
        let titles = ["beta", "Alfa", "alfa", "Gamma", "beta"];
        let exact = sorted_by(&titles);
        // Upper case sorts before lower case when compared as written; equal titles by index.
        assert_eq!(exact, vec![1, 3, 2, 0, 4]);
        let lower: Vec<String> = titles.iter().map(|t| t.to_lowercase()).collect();
        let folded = sorted_by(&lower);
        assert_eq!(folded, vec![1, 2, 0, 4, 3]);
        assert_eq!(places(&folded), vec![2, 0, 1, 4, 3]);
    }
}
