//! Charts as inline SVG, drawn at build time: bar charts for numbers and dot plots for bipolar
//! axes. Every chart has a title and description, and the numbers are also on the page as text.

use pulldown_cmark_escape::escape_html;
use std::fmt::Write as _;

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// One bar: a label, its value (None: unknown, no bar) and the value as display text.
pub struct Bar {
    /// Row label.
    pub label: String,
    /// The number, if known.
    pub value: Option<f64>,
    /// The value as shown.
    pub text: String,
    /// Link for the label.
    pub url: String,
}

const LABEL_W: f64 = 190.0;
const BAR_W: f64 = 330.0;
const ROW_H: f64 = 26.0;

/// A horizontal bar chart.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let max = bars.iter().filter_map(|b| b.value).fold(0.0_f64, f64::max);
    let height = ROW_H * bars.len() as f64 + 10.0;
    let width = LABEL_W + BAR_W + 110.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 5.0 + ROW_H * i as f64;
        let _ = write!(
            svg,
            "<a href=\"{}\"><text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></a>",
            esc(&b.url),
            LABEL_W - 8.0,
            y + 17.0,
            esc(&b.label)
        );
        match b.value {
            Some(v) if max > 0.0 => {
                let w = (v.max(0.0) / max * BAR_W).max(1.0);
                let _ = write!(
                    svg,
                    "<rect class=\"bar\" x=\"{LABEL_W}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\"/>",
                    y + 4.0,
                    ROW_H - 8.0
                );
                let _ = write!(
                    svg,
                    "<text class=\"value\" x=\"{:.1}\" y=\"{}\">{}</text>",
                    LABEL_W + w + 6.0,
                    y + 17.0,
                    esc(&b.text)
                );
            }
            _ => {
                let _ = write!(
                    svg,
                    "<text class=\"value special\" x=\"{}\" y=\"{}\">{}</text>",
                    LABEL_W + 4.0,
                    y + 17.0,
                    esc(&b.text)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Where the label of a node on a circle around (cx, cy) goes: text anchor and offset. Labels
/// left of the centre end at the node, right of it start there, top and bottom ones sit above
/// or below; `gap` is the distance from the node.
pub(crate) fn label_around(x: f64, y: f64, cx: f64, cy: f64, gap: f64) -> (&'static str, f64, f64) {
    if x < cx - 5.0 {
        ("end", -gap, 5.0)
    } else if x > cx + 5.0 {
        ("start", gap, 5.0)
    } else if y < cy {
        ("middle", 0.0, -gap - 4.0)
    } else {
        ("middle", 0.0, gap + 12.0)
    }
}

/// A horizontal axis at height `cy` through the tick positions `xs`.
fn axis(svg: &mut String, cy: f64, xs: &[f64]) {
    let (first, last) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(0.0));
    let _ =
        write!(svg, "<line class=\"axis\" x1=\"{first}\" x2=\"{last}\" y1=\"{cy}\" y2=\"{cy}\"/>");
    for x in xs {
        let _ = write!(
            svg,
            "<line class=\"tick\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
            cy - 4.0,
            cy + 4.0
        );
    }
}

/// One dot on an axis: a label, the position (None: unknown) and a note.
pub struct Dot {
    /// Row label (municipality or axis).
    pub label: String,
    /// 1-based position.
    pub position: Option<u8>,
    /// The note, shown on hover and focus.
    pub note: String,
    /// Where the dot links to.
    pub url: String,
    /// Text when the position is unknown.
    pub unknown: String,
}

/// A dot plot: one row per dot on an axis between two poles.
pub fn dot_plot(id: &str, title: &str, left: &str, right: &str, steps: u8, dots: &[Dot]) -> String {
    let steps = steps.max(2);
    let height = ROW_H * (dots.len() as f64 + 1.0) + 10.0;
    let width = LABEL_W + BAR_W + 30.0;
    let x_of = |p: u8| {
        LABEL_W
            + 10.0
            + (f64::from(p.clamp(1, steps)) - 1.0) / f64::from(steps - 1) * (BAR_W - 20.0)
    };
    let mut svg = format!(
        "<svg class=\"chart dots\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"group\" aria-labelledby=\"{id}-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}: van {} (1) tot {} ({steps})</title>",
        esc(title),
        esc(left),
        esc(right)
    );
    let _ =
        write!(svg, "<text class=\"pole\" x=\"{}\" y=\"16\">{}</text>", LABEL_W + 10.0, esc(left));
    let _ = write!(
        svg,
        "<text class=\"pole\" x=\"{}\" y=\"16\" text-anchor=\"end\">{}</text>",
        LABEL_W + BAR_W - 10.0,
        esc(right)
    );
    for (i, d) in dots.iter().enumerate() {
        let y = ROW_H * (i as f64 + 1.0) + 5.0;
        let cy = y + ROW_H / 2.0;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8.0,
            cy + 5.0,
            esc(&d.label)
        );
        match d.position {
            Some(p) => {
                axis(&mut svg, cy, &(1..=steps).map(x_of).collect::<Vec<_>>());
                let _ = write!(
                    svg,
                    "<a href=\"{}\"><circle class=\"dot\" cx=\"{}\" cy=\"{cy}\" r=\"7\"><title>{}: {p} / {steps}{}</title></circle></a>",
                    esc(&d.url),
                    x_of(p),
                    esc(&d.label),
                    if d.note.is_empty() { String::new() } else { format!(". {}", esc(&d.note)) }
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<text class=\"value special\" x=\"{}\" y=\"{}\">{}</text>",
                    x_of(1),
                    cy + 5.0,
                    esc(&d.unknown)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One axis of a profile: its name, poles, position and steps.
pub struct Axis {
    /// The axis name.
    pub label: String,
    /// Left pole.
    pub left: String,
    /// Right pole.
    pub right: String,
    /// 1-based position, None when unknown.
    pub position: Option<u8>,
    /// Positions on the axis.
    pub steps: u8,
}

/// A profile chart: one row per axis, each between its own poles.
pub fn profile_chart(id: &str, title: &str, unknown: &str, axes: &[Axis]) -> String {
    const ROW: f64 = 44.0;
    let (x0, x1) = (250.0, 560.0);
    let height = ROW * axes.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg class=\"chart profile\" viewBox=\"0 0 660 {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-t\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title>",
        esc(title)
    );
    for (i, a) in axes.iter().enumerate() {
        let cy = ROW * i as f64 + 22.0;
        let steps = a.steps.max(2);
        let x_of =
            |p: u8| x0 + (f64::from(p.clamp(1, steps)) - 1.0) / f64::from(steps - 1) * (x1 - x0);
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            x0 - 70.0,
            cy + 5.0,
            esc(&a.label)
        );
        let _ = write!(
            svg,
            "<text class=\"pole\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            x0 - 8.0,
            cy + 5.0,
            esc(&a.left)
        );
        let _ = write!(
            svg,
            "<text class=\"pole\" x=\"{}\" y=\"{}\">{}</text>",
            x1 + 8.0,
            cy + 5.0,
            esc(&a.right)
        );
        match a.position {
            Some(p) => {
                axis(&mut svg, cy, &(1..=steps).map(x_of).collect::<Vec<_>>());
                let _ =
                    write!(svg, "<circle class=\"dot\" cx=\"{}\" cy=\"{cy}\" r=\"7\"/>", x_of(p));
            }
            None => {
                let _ = write!(
                    svg,
                    "<text class=\"value special\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    (x0 + x1) / 2.0,
                    cy + 5.0,
                    esc(unknown)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_scales_bars_and_marks_unknowns() {
        let bars = vec![
            Bar { label: "A".into(), value: Some(100.0), text: "100".into(), url: "/a/".into() },
            Bar { label: "B".into(), value: Some(50.0), text: "50".into(), url: "/b/".into() },
            Bar { label: "C & D".into(), value: None, text: "onbekend".into(), url: "/c/".into() },
        ];
        let svg = bar_chart("x", "Inwoners", "per gemeente", &bars);
        assert!(svg.contains("width=\"330.0\""));
        assert!(svg.contains("width=\"165.0\""));
        assert!(svg.contains("C &amp; D"));
        assert!(svg.contains("class=\"value special\""));
        assert!(svg.contains("<title id=\"x-t\">Inwoners</title>"));
    }

    #[test]
    fn dot_plot_places_positions_between_poles() {
        let dots = vec![
            Dot {
                label: "A".into(),
                position: Some(1),
                note: "n".into(),
                url: "/a/".into(),
                unknown: "onbekend".into(),
            },
            Dot {
                label: "B".into(),
                position: Some(5),
                note: "n".into(),
                url: "/b/".into(),
                unknown: "onbekend".into(),
            },
            Dot {
                label: "C".into(),
                position: None,
                note: String::new(),
                url: "/c/".into(),
                unknown: "onbekend".into(),
            },
        ];
        let svg = dot_plot("d", "As", "links", "rechts", 5, &dots);
        assert!(svg.contains("cx=\"200\""), "{svg}");
        assert!(svg.contains("cx=\"510\""), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains(">onbekend<"));
    }
}
