//! Views of the learning network: questions with matches, who asked a page for help, theme
//! rows side by side.

use super::views::{LinkView, page_link};
use crate::site::Site;
use serde::Serialize;

/// A learning question with its matches.
#[derive(Serialize)]
pub struct QuestionView {
    text: String,
    theme: Option<LinkView>,
    helpers: Vec<LinkView>,
    helpers_total: usize,
    helpers_more: usize,
    pages: Vec<LinkView>,
    pages_total: usize,
}

/// A question another page asked that this page can help with.
#[derive(Serialize)]
pub struct AskedView {
    page: LinkView,
    question: String,
}

/// A lesson from a practice.
#[derive(Serialize)]
pub struct LessonView {
    page: LinkView,
    text: String,
}

/// One municipality's row on a theme page.
#[derive(Serialize)]
pub struct ThemeRowView {
    owner: LinkView,
    questions: Vec<String>,
    lessons: Vec<LessonView>,
    can_share: bool,
}

/// The learning-network parts of page `i`.
pub fn questions(site: &Site, i: usize) -> Vec<QuestionView> {
    site.learning.questions[i]
        .iter()
        .map(|q| QuestionView {
            text: q.text.clone(),
            theme: q.theme.map(|t| page_link(site, t)),
            helpers: q.helpers.iter().map(|&h| page_link(site, h)).collect(),
            helpers_total: q.helpers_total,
            helpers_more: q.helpers_total - q.helpers.len(),
            pages: q.pages.iter().map(|&p| page_link(site, p)).collect(),
            pages_total: q.pages_total,
        })
        .collect()
}

/// Questions of others that page `i` was matched to.
pub fn asked_of(site: &Site, i: usize) -> Vec<AskedView> {
    site.learning.asked_of[i]
        .iter()
        .map(|(p, q)| AskedView { page: page_link(site, *p), question: q.clone() })
        .collect()
}

/// A municipality this one is connected to, with the number of references.
#[derive(Serialize)]
pub struct ConnectionView {
    page: LinkView,
    count: usize,
}

/// A municipality's place in the network: whom it refers to and who refers to it.
#[derive(Serialize)]
pub struct ConnectionsView {
    refers_to: Vec<ConnectionView>,
    refers_to_more: usize,
    referred_by: Vec<ConnectionView>,
    referred_by_more: usize,
}

/// The strongest connections of page `i` both ways (None when it has none).
pub fn connections(site: &Site, i: usize) -> Option<ConnectionsView> {
    let l = &site.learning;
    let (out_total, in_total) = l.connection_totals[i];
    if out_total + in_total == 0 {
        return None;
    }
    let views = |list: &[(usize, usize)]| -> Vec<ConnectionView> {
        list.iter().map(|&(p, count)| ConnectionView { page: page_link(site, p), count }).collect()
    };
    Some(ConnectionsView {
        refers_to: views(&l.refers_to[i]),
        refers_to_more: out_total - l.refers_to[i].len(),
        referred_by: views(&l.referred_by[i]),
        referred_by_more: in_total - l.referred_by[i].len(),
    })
}

/// The side-by-side rows of theme page `i`.
pub fn theme_rows(site: &Site, i: usize) -> Vec<ThemeRowView> {
    site.learning.theme_rows[i]
        .iter()
        .map(|r| ThemeRowView {
            owner: page_link(site, r.owner),
            questions: r.questions.clone(),
            lessons: r
                .lessons
                .iter()
                .map(|(p, text)| LessonView { page: page_link(site, *p), text: text.clone() })
                .collect(),
            can_share: r.can_share,
        })
        .collect()
}
