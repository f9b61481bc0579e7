//! Drawing a placement question: the node list (name, the labels that matter, taints) and the
//! DaemonSet YAML with syntax colouring; after checking, ✓/✗ and the engine's reason per node.

use super::text::{clip, inert};
use super::theme::Theme;
use crate::exercise::PlacementGrade;
use crate::placement::objects::{DaemonSet, Node};
use ratatui::text::{Line, Span};
use std::collections::BTreeSet;

/// Labels a learner does not need to see to decide (every node has them, or they repeat the
/// name).
fn is_noise(key: &str) -> bool {
    key == "kubernetes.io/hostname" || key.starts_with("beta.kubernetes.io/")
}

/// The label keys a DaemonSet's placement reads (its nodeSelector and required affinity), plus
/// the control-plane role, which learners look for.
pub fn label_keys(ds: &DaemonSet) -> BTreeSet<String> {
    let spec = &ds.spec.template.spec;
    let mut keys: BTreeSet<String> = spec.node_selector.keys().cloned().collect();
    if let Some(required) = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
    {
        for term in &required.node_selector_terms {
            keys.extend(term.match_expressions.iter().map(|e| e.key.clone()));
        }
    }
    keys.insert("node-role.kubernetes.io/control-plane".into());
    keys
}

/// A node in one line: its labels (only those in `keys`, or all but noise when `None`),
/// `cordoned`, and its taints; made inert.
pub fn node_summary_with(node: &Node, keys: Option<&BTreeSet<String>>) -> String {
    let mut facts: Vec<String> = node
        .metadata
        .labels
        .iter()
        .filter(|(k, _)| !is_noise(k) && keys.is_none_or(|keys| keys.contains(*k)))
        .map(|(k, v)| {
            if v.is_empty() {
                inert(k)
            } else {
                format!("{}={}", inert(k), inert(v))
            }
        })
        .collect();
    if node.spec.unschedulable {
        facts.push("cordoned".into());
    }
    let taints: Vec<String> = node
        .spec
        .taints
        .iter()
        .map(|t| inert(&t.to_string()))
        .collect();
    let mut detail = facts.join(" ");
    if !taints.is_empty() {
        detail = format!("{detail}  taints: {}", taints.join(", "));
    }
    detail
}

/// One line per node (plus one per reason once graded).
pub fn node_lines(
    nodes: &[Node],
    marked: &BTreeSet<String>,
    cursor: Option<usize>,
    grade: Option<&PlacementGrade>,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let name_width = nodes
        .iter()
        .map(|n| n.name().chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 20);
    let mut out = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let is_marked = marked.contains(node.name());
        let mut spans = Vec::new();
        let verdict = grade.and_then(|g| g.nodes.get(i));
        match verdict {
            Some(v) if v.correct() => spans.push(Span::styled("✓ ", theme.good())),
            Some(_) => spans.push(Span::styled("✗ ", theme.bad())),
            None => spans.push(Span::raw("  ")),
        }
        spans.push(Span::raw(if is_marked { "[x] " } else { "[ ] " }));
        let name = format!("{:<name_width$} ", clip(&inert(node.name()), name_width));
        let name_style = if cursor == Some(i) {
            theme.selected()
        } else {
            theme.bold()
        };
        spans.push(Span::styled(name, name_style));
        let room = width.saturating_sub(8 + name_width + 1);
        let detail = node_summary_with(node, None);
        spans.push(Span::styled(clip(&detail, room), theme.dim()));
        out.push(Line::from(spans));
        if let Some(v) = verdict {
            let (said, style) = match (v.gets_pod, v.correct()) {
                (true, true) => ("gets a pod", theme.good()),
                (false, true) => ("no pod", theme.good()),
                (true, false) => ("gets a pod (you left it unmarked)", theme.bad()),
                (false, false) => ("no pod (you marked it)", theme.bad()),
            };
            let mut line = vec![Span::raw("      "), Span::styled(said.to_string(), style)];
            if let Some(r) = v.reasons.first() {
                line.push(Span::raw(format!(" — {} {}", r.rule, inert(&r.message))));
            }
            out.push(Line::from(line));
            for r in v.reasons.iter().skip(1) {
                out.push(Line::from(format!(
                    "        {} {}",
                    r.rule,
                    inert(&r.message)
                )));
            }
        }
    }
    out
}

/// YAML with keys, values and comments coloured differently. Text is made inert first.
pub fn yaml_lines(yaml: &str, theme: Theme) -> Vec<Line<'static>> {
    yaml.lines()
        .map(|raw| {
            let line = inert(raw);
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.starts_with('#') {
                return Line::styled(line.clone(), theme.dim());
            }
            let (dash, rest) = match trimmed.strip_prefix("- ") {
                Some(rest) => ("- ", rest),
                None => ("", trimmed),
            };
            let mut spans = vec![Span::raw(format!("{}{dash}", &line[..indent]))];
            match rest
                .find(": ")
                .or_else(|| rest.strip_suffix(':').map(|s| s.len()))
            {
                Some(colon) if !rest.starts_with('"') && !rest.starts_with('{') => {
                    spans.push(Span::styled(rest[..colon].to_string(), theme.yaml_key()));
                    spans.push(Span::raw(":"));
                    let value = rest[colon + 1..].to_string();
                    if !value.is_empty() {
                        spans.push(Span::styled(value, theme.yaml_value()));
                    }
                }
                _ => spans.push(Span::styled(rest.to_string(), theme.yaml_value())),
            }
            Line::from(spans)
        })
        .collect()
}
