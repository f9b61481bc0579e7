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

/// The label keys a DaemonSet's placement reads: its nodeSelector's, then its required node
/// affinity's (placement-spec R2, R3).
pub fn read_label_keys(ds: &DaemonSet) -> Vec<String> {
    let spec = &ds.spec.template.spec;
    let mut keys: Vec<String> = spec.node_selector.keys().cloned().collect();
    if let Some(required) = spec.required_node_affinity() {
        for term in &required.node_selector_terms {
            for e in &term.match_expressions {
                if !keys.contains(&e.key) {
                    keys.push(e.key.clone());
                }
            }
        }
    }
    keys
}

/// The labels worth a row's room: those the DaemonSet reads, and the control-plane role,
/// which learners look for.
pub fn label_keys(ds: &DaemonSet) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = read_label_keys(ds).into_iter().collect();
    keys.insert("node-role.kubernetes.io/control-plane".into());
    keys
}

/// A node in one line, what decides first (a row is clipped at its end): the labels the
/// DaemonSet reads, in its order, and the control-plane role; the taints, those its
/// tolerations name first; `cordoned`; then the node's other labels. Made inert.
pub fn node_summary(node: &Node, ds: &DaemonSet) -> String {
    node_facts(node, ds).join("  ")
}

/// The facts of [`node_summary`], one string each, for callers that lay them out over rows.
pub fn node_facts(node: &Node, ds: &DaemonSet) -> Vec<String> {
    let label = |k: &str, v: &str| {
        if v.is_empty() {
            inert(k)
        } else {
            format!("{}={}", inert(k), inert(v))
        }
    };
    let mut read = read_label_keys(ds);
    read.push("node-role.kubernetes.io/control-plane".into());
    let labels = &node.metadata.labels;
    let mut facts: Vec<String> = read
        .iter()
        .filter_map(|k| labels.get(k).map(|v| label(k, v)))
        .collect();
    let named: BTreeSet<&str> = ds
        .spec
        .template
        .spec
        .tolerations
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    let mut taints: Vec<_> = node.spec.taints.iter().collect();
    taints.sort_by_key(|t| !named.contains(t.key.as_str()));
    if !taints.is_empty() {
        let taints: Vec<String> = taints.iter().map(|t| inert(&t.to_string())).collect();
        facts.push(format!("taints: {}", taints.join(", ")));
    }
    if node.spec.unschedulable {
        facts.push("cordoned".into());
    }
    facts.extend(
        labels
            .iter()
            .filter(|(k, _)| !is_noise(k) && !read.iter().any(|r| r == k))
            .map(|(k, v)| label(k, v)),
    );
    facts
}

/// One line per node (plus one per reason once graded).
pub fn node_lines(
    nodes: &[Node],
    daemonset: &DaemonSet,
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
        let detail = node_summary(node, daemonset);
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
            // The engine's words, which name the taint or label; the rule's number stays in
            // `kubedrill predict`'s output.
            if let Some(r) = v.reasons.first() {
                line.push(Span::raw(format!(" — {}", inert(&r.message))));
            }
            out.push(Line::from(line));
            for r in v.reasons.iter().skip(1) {
                out.push(Line::from(format!("        {}", inert(&r.message))));
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
