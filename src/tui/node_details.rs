//! A node in full, as `kubectl describe node` shows it (labels, taints, unschedulable,
//! conditions, allocatable): the pane `d` opens over a placement question, whose node rows can
//! only show the start of what a node carries.

use super::action::Action;
use super::keymap::Binding;
use super::placement_view::label_keys;
use super::scroll::{Scroll, wrap};
use super::text::inert;
use super::theme::Theme;
use crate::placement::objects::{DaemonSet, Node};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The pane's keys: it closes as it opened, or with Esc/q (which would otherwise leave the
/// screen behind it).
pub const NODE_DETAILS: &[Binding] = &[Binding::new(
    &[
        KeyCode::Char('d'),
        KeyCode::Esc,
        KeyCode::Char('q'),
        KeyCode::Enter,
    ],
    "d/Esc",
    Action::Details,
    "close",
    "close the node's details",
)];

/// The key a placement question offers for it.
pub const OPEN: Binding = Binding::new(
    &[KeyCode::Char('d')],
    "d",
    Action::Details,
    "details",
    "the node under the cursor in full (kubectl describe node)",
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeDetails {
    pub name: String,
    lines: Vec<(String, String)>,
    pub scroll: Scroll,
}

impl NodeDetails {
    /// `ds` orders the labels (those its rules read first); `pod` says whether the node has a
    /// pod of it, where the question says so (events and status drills).
    pub fn new(node: &Node, ds: Option<&DaemonSet>, pod: Option<bool>) -> NodeDetails {
        let mut lines: Vec<(String, String)> = Vec::new();
        let mut field = |name: &str, value: String| lines.push((name.to_owned(), value));
        field("Name:", inert(node.name()));
        let roles: Vec<&str> = node
            .metadata
            .labels
            .keys()
            .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
            .filter(|r| !r.is_empty())
            .collect();
        field(
            "Roles:",
            if roles.is_empty() {
                "<none>".into()
            } else {
                inert(&roles.join(","))
            },
        );
        let read = ds.map(label_keys).unwrap_or_default();
        let mut labels: Vec<(&str, &str)> = node.metadata.labels.iter().collect();
        // Stable: the labels the DaemonSet reads first, each group in key order.
        labels.sort_by_key(|(k, _)| !read.contains(*k));
        let mut values = |name: &str, items: Vec<String>| {
            if items.is_empty() {
                field(name, "<none>".into());
            }
            for (i, item) in items.into_iter().enumerate() {
                field(if i == 0 { name } else { "" }, item);
            }
        };
        values(
            "Labels:",
            labels
                .iter()
                .map(|(k, v)| {
                    let mark = if read.contains(*k) {
                        "  (read by this DaemonSet)"
                    } else {
                        ""
                    };
                    format!("{}={}{mark}", inert(k), inert(v))
                })
                .collect(),
        );
        values(
            "Taints:",
            node.spec
                .taints
                .iter()
                .map(|t| inert(&t.to_string()))
                .collect(),
        );
        values("Unschedulable:", vec![node.spec.unschedulable.to_string()]);
        if let Some(pod) = pod {
            values(
                "DaemonSet pod:",
                vec![if pod { "yes" } else { "no" }.to_owned()],
            );
        }
        values(
            "Conditions:",
            node.status
                .conditions
                .iter()
                .map(|c| format!("{} {}", inert(&c.kind), inert(&c.status)))
                .collect(),
        );
        values(
            "Allocatable:",
            node.status
                .allocatable
                .iter()
                .map(|(k, v)| format!("{}: {}", inert(k), inert(v)))
                .collect(),
        );
        NodeDetails {
            name: inert(node.name()),
            lines,
            scroll: Scroll::default(),
        }
    }

    /// The pane's text at `width` columns: one `Field:  value` per line, the values of a
    /// field (and a value's wrapped rows) under each other.
    pub fn text(&self, width: usize, theme: Theme) -> Vec<Line<'static>> {
        let field_w = self
            .lines
            .iter()
            .map(|(f, _)| f.chars().count())
            .max()
            .unwrap_or(0);
        let value_w = width.saturating_sub(field_w + 2).max(12);
        let mut out = Vec::new();
        for (f, v) in &self.lines {
            let len = v.chars().count();
            let mut f = f.as_str();
            // A value (a long label or taint) that fits the pane but not beside the field
            // names starts further left, on a row of its own, rather than being broken.
            let indent = if len > value_w && len <= width {
                if !f.is_empty() {
                    out.push(Line::styled(f.to_owned(), theme.bold()));
                    f = "";
                }
                width - len
            } else {
                field_w + 2
            };
            let rows = wrap(
                &[Line::raw(v.clone())],
                width.saturating_sub(indent).max(12),
            )
            .lines;
            for row in rows {
                let lead = if indent == field_w + 2 {
                    format!("{f:<field_w$}  ")
                } else {
                    " ".repeat(indent)
                };
                f = "";
                let mut spans = vec![Span::styled(lead, theme.bold())];
                spans.extend(row.spans);
                out.push(Line::from(spans));
            }
        }
        out
    }

    /// Drawn over `area` (the screen's body), in a box titled with the node's name.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        Clear.render(area, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" node {} ", self.name), theme.title()))
            .title_bottom(Span::styled(" d/Esc closes ", theme.dim()));
        let inner = block.inner(area);
        block.render(area, buf);
        self.scroll.render_text(
            &self.text(usize::from(inner.width), theme),
            inner,
            buf,
            theme,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(yaml: &str) -> Node {
        serde_saphyr::from_str(yaml).expect("node")
    }

    #[test]
    fn shows_every_label_taint_condition_and_quantity_with_the_read_labels_first() {
        let n = node(
            "metadata:\n  name: gpu-1\n  labels:\n    a: x\n    zone: eu-1\n    node-role.kubernetes.io/worker: ''\n\
             spec:\n  unschedulable: true\n  taints:\n  - key: gpu\n    effect: NoSchedule\n\
             status:\n  conditions:\n  - type: Ready\n    status: 'False'\n  allocatable:\n    cpu: '4'\n",
        );
        let ds: DaemonSet = serde_saphyr::from_str(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      nodeSelector:\n        zone: eu-1\n      containers:\n      - name: a\n        image: a\n",
        )
        .expect("ds");
        let d = NodeDetails::new(&n, Some(&ds), Some(false));
        let text: Vec<String> = d
            .text(80, Theme { color: false })
            .iter()
            .map(|l| l.to_string())
            .collect();
        let at = |s: &str| {
            text.iter()
                .position(|l| l.contains(s))
                .unwrap_or_else(|| panic!("{s} in {text:#?}"))
        };
        assert!(text[at("Roles:")].contains("worker"));
        assert!(at("zone=eu-1  (read by this DaemonSet)") < at("a=x"));
        assert!(text[at("Taints:")].contains("gpu:NoSchedule"));
        assert!(text[at("Unschedulable:")].contains("true"));
        assert!(text[at("DaemonSet pod:")].contains("no"));
        assert!(text[at("Conditions:")].contains("Ready False"));
        assert!(text[at("Allocatable:")].contains("cpu: 4"));
    }
}
