//! The rows of a write or fix drill: the manifest (not written yet, or written and how long),
//! then either the API server's refusal with its line numbers, or the verdict per cluster and
//! per node: what the goal asks, what the engine says the manifest does, the rule that decided.

use crate::exercise::drill::{Graded, ManifestProblem};
use crate::tui::text::{clip, inert};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// What the learner has done with the manifest so far.
pub struct ManifestState<'a> {
    /// The clusters graded on, in order: name and what it is.
    pub clusters: Vec<(&'a str, &'a str)>,
    /// The manifest as last saved, if any.
    pub given: Option<&'a str>,
    /// The draft's file, once the editor has opened it.
    pub draft: Option<&'a str>,
    pub problems: &'a [ManifestProblem],
    pub graded: Option<&'a Graded>,
}

pub fn manifest_lines(state: &ManifestState<'_>, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // The footer says what e and Enter do; the row says where the draft is.
    let about = match (state.given, state.draft) {
        (Some(text), Some(path)) => format!(" ({} lines): {}", text.lines().count(), inert(path)),
        (Some(text), None) => format!(" ({} lines)", text.lines().count()),
        (None, _) => ": not written yet (e opens your editor)".to_owned(),
    };
    out.push(Line::from(vec![
        Span::styled("▶ ", theme.key()),
        Span::styled("your manifest", theme.bold()),
        Span::styled(about, theme.dim()),
    ]));
    if !state.problems.is_empty() {
        out.push(Line::styled(
            "✗ the API server would refuse it, so it is not graded:",
            theme.bad(),
        ));
        for p in state.problems {
            out.push(Line::raw(format!("  {}", inert(&p.to_string()))));
        }
        return out;
    }
    let Some(graded) = state.graded else {
        return out;
    };
    for &(name, about) in &state.clusters {
        let items: Vec<_> = graded
            .items
            .iter()
            .filter(|i| i.cluster.as_deref() == Some(name))
            .collect();
        let right = items.iter().filter(|i| i.correct).count();
        // Cloud node names are long (ip-10-0-4-83.eu-west-1.compute.internal): up to two
        // fifths of the width, per cluster, so the verdict still fits beside.
        let name_w = items
            .iter()
            .map(|i| i.item.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, (width * 2 / 5).max(12));
        out.push(Line::raw(""));
        out.push(Line::from(vec![
            Span::styled(
                format!("{name} {right}/{}", items.len()),
                if right == items.len() {
                    theme.good()
                } else {
                    theme.bad()
                },
            ),
            Span::styled(format!(" · {}", inert(about)), theme.dim()),
        ]));
        for item in items {
            let mark = if item.correct {
                Span::styled("✓ ", theme.good())
            } else {
                Span::styled("✗ ", theme.bad())
            };
            let says = if item.correct {
                Span::styled(format!(" {}", item.expected), theme.good())
            } else {
                Span::styled(
                    format!(" wanted {}, got {}", item.expected, item.given),
                    theme.bad(),
                )
            };
            let rule = format!(" · {}", item.rule.title());
            let room = width.saturating_sub(name_w + 4 + says.content.chars().count());
            out.push(Line::from(vec![
                mark,
                Span::styled(
                    format!("{:<name_w$}", clip(&inert(&item.item), name_w)),
                    theme.bold(),
                ),
                says,
                Span::styled(clip(&rule, room), theme.dim()),
            ]));
            // The reason where the manifest went wrong; a right node's rule says enough.
            if !item.correct {
                out.push(Line::raw(format!("    {}", inert(&item.reason))));
            }
        }
    }
    out
}
