//! Which open pages reload after a change. A preview of one edited page reloads only that page;
//! the full build after it reloads every other page, and that page too unless the build made it
//! exactly as the preview showed it. A client that missed events (they came faster than it
//! read) gets all of them folded into one.

use std::collections::{BTreeSet, VecDeque};

/// The pages an event reloads, by URL.
#[derive(Debug, Clone, PartialEq)]
pub enum Reload {
    /// These pages only.
    Only(BTreeSet<String>),
    /// Every page but these (none: every page).
    AllBut(BTreeSet<String>),
}

impl Reload {
    /// Every page.
    pub fn all() -> Reload {
        Reload::AllBut(BTreeSet::new())
    }

    /// The pages either event reloads.
    pub fn union(self, other: Reload) -> Reload {
        use Reload::{AllBut, Only};
        match (self, other) {
            (Only(a), Only(b)) => Only(a.union(&b).cloned().collect()),
            (AllBut(a), AllBut(b)) => AllBut(a.intersection(&b).cloned().collect()),
            (Only(a), AllBut(b)) | (AllBut(b), Only(a)) => {
                AllBut(b.difference(&a).cloned().collect())
            }
        }
    }

    /// The event's data line for the reload script (see `inject`).
    fn data(&self, id: u64) -> String {
        let list = |urls: &BTreeSet<String>| {
            serde_json::to_string(&urls.iter().collect::<Vec<_>>()).unwrap_or_default()
        };
        match self {
            Reload::AllBut(urls) if urls.is_empty() => format!("{id}"),
            Reload::AllBut(urls) => format!("{id} except {}", list(urls)),
            Reload::Only(urls) => format!("{id} only {}", list(urls)),
        }
    }
}

/// One published change: its build id, the pages it reloads, and whether it only changed
/// stylesheets.
#[derive(Debug, Clone)]
struct Event {
    id: u64,
    reload: Reload,
    css_only: bool,
}

/// The last events, for clients that read the stream late.
#[derive(Debug, Default)]
pub struct Events {
    last: VecDeque<Event>,
    /// The id of the newest event (0 before the first).
    pub newest: u64,
}

/// How many events a slow client can catch up on; after more, it reloads everything.
const KEPT: usize = 64;

impl Events {
    /// Records a change and returns its id.
    pub fn publish(&mut self, reload: Reload, css_only: bool) -> u64 {
        self.newest += 1;
        self.last.push_back(Event { id: self.newest, reload, css_only });
        while self.last.len() > KEPT {
            self.last.pop_front();
        }
        self.newest
    }

    /// The event message for a client that has seen events up to `seen`: one `data:` line for
    /// all the newer ones, or None when there are none.
    pub fn message_since(&self, seen: u64) -> Option<String> {
        if self.newest <= seen {
            return None;
        }
        let missed: Vec<&Event> = self.last.iter().filter(|e| e.id > seen).collect();
        let complete = missed.len() as u64 == self.newest - seen;
        if complete && missed.iter().all(|e| e.css_only) {
            return Some(format!("data: css:{}\n\n", self.newest));
        }
        let reload = match complete {
            true => missed
                .iter()
                // A stylesheet swap amid reloads: the pages that do not reload need it too.
                .map(|e| if e.css_only { Reload::all() } else { e.reload.clone() })
                .reduce(Reload::union)
                .unwrap_or_else(Reload::all),
            false => Reload::all(),
        };
        Some(format!("data: {}\n\n", reload.data(self.newest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_preview_then_the_build_reloads_the_page_once_and_the_rest_after() {
        let mut ev = Events::default();
        ev.publish(Reload::Only(urls(&["/a/"])), false);
        assert_eq!(ev.message_since(0).as_deref(), Some("data: 1 only [\"/a/\"]\n\n"));
        ev.publish(Reload::AllBut(urls(&["/a/"])), false);
        assert_eq!(ev.message_since(1).as_deref(), Some("data: 2 except [\"/a/\"]\n\n"));
        // A client that read neither gets both: every page.
        assert_eq!(ev.message_since(0).as_deref(), Some("data: 2\n\n"));
        assert_eq!(ev.message_since(2), None);
    }

    #[test]
    fn missed_events_are_folded_into_one() {
        let mut ev = Events::default();
        ev.publish(Reload::Only(urls(&["/a/"])), false);
        ev.publish(Reload::Only(urls(&["/b/"])), false);
        assert_eq!(ev.message_since(0).as_deref(), Some("data: 2 only [\"/a/\",\"/b/\"]\n\n"));
        ev.publish(Reload::AllBut(urls(&["/a/", "/c/"])), false);
        assert_eq!(ev.message_since(1).as_deref(), Some("data: 3 except [\"/a/\",\"/c/\"]\n\n"));
        assert_eq!(ev.message_since(0).as_deref(), Some("data: 3 except [\"/c/\"]\n\n"));
        ev.publish(Reload::all(), true);
        assert_eq!(ev.message_since(3).as_deref(), Some("data: css:4\n\n"));
        assert_eq!(ev.message_since(2).as_deref(), Some("data: 4\n\n"));
    }

    #[test]
    fn a_client_too_far_behind_reloads_everything() {
        let mut ev = Events::default();
        for _ in 0..KEPT + 3 {
            ev.publish(Reload::Only(urls(&["/a/"])), false);
        }
        assert_eq!(
            ev.message_since(1).as_deref(),
            Some(format!("data: {}\n\n", KEPT + 3).as_str())
        );
        assert_eq!(
            ev.message_since(4).as_deref(),
            Some(format!("data: {} only [\"/a/\"]\n\n", KEPT + 3).as_str())
        );
    }
}
