//! A card's `source` in words. Decks cite the fact a card rests on by its place in the facts
//! files (`domain-facts §2; placement-spec R12`), which is exact for whoever checks the card
//! but means nothing to a learner: the screens show each reference by its section title or
//! rule name, with the number after it for those who look it up.

/// Section titles of domain-facts.md.
const FACT_SECTIONS: &[(&str, &str)] = &[
    ("1", "what a DaemonSet is"),
    ("2", "spec fields, defaults and validation"),
    ("3", "how DaemonSet pods are scheduled"),
    ("4", "taints and tolerations"),
    ("5", "nodeSelector and node affinity"),
    (
        "6",
        "rolling updates, OnDelete, maxUnavailable and maxSurge",
    ),
    ("7", "revisions, history and rollback"),
    ("8", "kubectl operations"),
    ("9", "status fields"),
    ("10", "priority classes and preemption"),
    (
        "11",
        "host access: hostNetwork, hostPath, hostPort, privileged",
    ),
    ("12", "talking to DaemonSet pods"),
    ("13", "system DaemonSets"),
    ("14", "user and observability DaemonSets"),
    ("15", "DaemonSet vs Deployment vs StatefulSet"),
    ("16", "the version timeline"),
    ("17", "operating DaemonSets"),
    ("17.1", "the worker-role label"),
    ("17.2", "rolling updates on nodes that keep a pod"),
    ("17.3", "tolerationSeconds on a NoExecute toleration"),
    ("17.4", "priority, node-pressure eviction and drain"),
    ("17.5", "OnDelete and per-node canaries"),
    ("17.6", "canary rollouts"),
    ("17.7", "resource requests of DaemonSet pods"),
    ("17.8", "writing a DaemonSet manifest"),
    ("17.9", "troubleshooting a node without its pod"),
    ("17.10", "managed clusters and control-plane tolerations"),
    ("17.11", "static pods versus DaemonSets"),
    ("17.12", "where docs and code disagree"),
];

/// Section titles of placement-spec.md.
const SPEC_SECTIONS: &[(&str, &str)] = &[
    ("0", "what was read"),
    ("1", "vocabulary"),
    ("2", "the placement decision"),
    ("3", "how a pod gets onto its node"),
    ("4", "why a DaemonSet pod can still be Pending"),
    ("5", "taints the system puts on nodes"),
    ("6", "rolling update arithmetic"),
    ("7", "status fields and shouldRun"),
    ("8", "the engine checklist"),
    ("9", "interview traps"),
    ("10", "outdated statements in study notes"),
    ("11", "doubts and limits"),
];

/// The placement rules' names (placement-spec R1–R15; a sub-rule takes its rule's name).
const RULES: &[(&str, &str)] = &[
    ("1", "what the decision reads"),
    ("2", "the candidate pod"),
    ("3", "the placement algorithm"),
    ("4", "the automatic tolerations"),
    ("5", "toleration matching"),
    ("6", "required node affinity"),
    ("7", "from decision to action"),
    ("8", "pinning by node affinity"),
    ("9", "mapping pods to nodes"),
    ("10", "what a default DaemonSet gets"),
    ("11", "rolling update defaults"),
    ("12", "rolling update validation"),
    ("13", "percentage rounding"),
    ("14", "the Deployment contrast"),
    ("15", "the update loop"),
];

fn look_up(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// One reference in words: `domain-facts §2` → "spec fields, defaults and validation (facts
/// §2)"; `placement-spec R12` → "rolling update validation (rule R12)"; `domain-facts Errors
/// (c)` → "a common study-note error (c)". An unknown one is kept as written.
fn describe_one(reference: &str) -> String {
    let reference = reference.trim();
    let (file, rest) = reference.split_once(' ').unwrap_or((reference, ""));
    let rest = rest.trim();
    let words = match file {
        "domain-facts" => {
            if let Some(n) = rest.strip_prefix('§') {
                look_up(FACT_SECTIONS, n).map(|t| format!("{t} (facts §{n})"))
            } else if let Some(letter) = rest.strip_prefix("Errors") {
                Some(format!("a common study-note error {}", letter.trim()))
            } else if rest == "Further errors" {
                Some("further study-note errors".to_owned())
            } else {
                None
            }
        }
        "placement-spec" => {
            if let Some(n) = rest.strip_prefix('§') {
                look_up(SPEC_SECTIONS, n).map(|t| format!("{t} (placement §{n})"))
            } else if let Some(n) = rest.strip_prefix('R') {
                let rule = n.split('.').next().unwrap_or(n);
                look_up(RULES, rule).map(|t| format!("{t} (rule R{n})"))
            } else {
                None
            }
        }
        _ => None,
    };
    words.unwrap_or_else(|| reference.to_owned())
}

/// A whole `source` (references separated by `;`) in words, joined by `; `.
pub fn describe_source(source: &str) -> String {
    source
        .split(';')
        .filter(|r| !r.trim().is_empty())
        .map(describe_one)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every reference in `source` that has no words (for the deck check: a source the screens
/// could only show as a bare number).
pub fn unknown_references(source: &str) -> Vec<String> {
    source
        .split(';')
        .map(str::trim)
        .filter(|r| !r.is_empty() && describe_one(r) == *r)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_words_with_their_number_after() {
        assert_eq!(
            describe_source("domain-facts §2; placement-spec R12"),
            "spec fields, defaults and validation (facts §2); rolling update validation (rule R12)"
        );
        assert_eq!(
            describe_source("placement-spec R6.5"),
            "required node affinity (rule R6.5)"
        );
        assert_eq!(
            describe_source("domain-facts Errors (c)"),
            "a common study-note error (c)"
        );
        assert_eq!(
            unknown_references("domain-facts §99; elsewhere"),
            ["domain-facts §99", "elsewhere"]
        );
    }
}
