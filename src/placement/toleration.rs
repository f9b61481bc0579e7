//! Tolerations: the automatic ones the DaemonSet controller adds (placement-spec R4) and the
//! matching of one toleration against one taint (R5).

use super::objects::{Taint, Toleration};

pub const NO_SCHEDULE: &str = "NoSchedule";
pub const NO_EXECUTE: &str = "NoExecute";
pub const PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";

/// Feature gates that change placement. Every gate starts as Kubernetes ships it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeatureGates {
    /// `TaintTolerationComparisonOperators`: alpha since 1.35, off by default. With it off,
    /// `Lt`/`Gt` tolerations match nothing (R5.3).
    pub taint_toleration_comparison_operators: bool,
}

impl FeatureGates {
    /// Parses the Kubernetes `--feature-gates` syntax: `Name=true,Other=false`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut gates = FeatureGates::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("feature gate {pair:?} needs the form Name=true|false"))?;
            let value = match value.trim() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(format!(
                        "feature gate {name}: value {other:?} is not true or false"
                    ));
                }
            };
            match name.trim() {
                "TaintTolerationComparisonOperators" => {
                    gates.taint_toleration_comparison_operators = value
                }
                other => {
                    return Err(format!(
                        "unknown feature gate {other:?} (kubedrill knows TaintTolerationComparisonOperators)"
                    ));
                }
            }
        }
        Ok(gates)
    }
}

/// Where a toleration of the candidate pod came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Written in the template, at this index of `spec.tolerations`.
    Template(usize),
    /// Added by the controller: row 1..=7 of the R4 table.
    Automatic(usize),
}

/// One toleration of the candidate pod, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveToleration {
    pub toleration: Toleration,
    pub origin: Origin,
}

/// R4: the automatic tolerations, in the controller's order: (key, effect, only with hostNetwork).
pub const AUTOMATIC: [(&str, &str, bool); 7] = [
    ("node.kubernetes.io/not-ready", NO_EXECUTE, false),
    ("node.kubernetes.io/unreachable", NO_EXECUTE, false),
    ("node.kubernetes.io/disk-pressure", NO_SCHEDULE, false),
    ("node.kubernetes.io/memory-pressure", NO_SCHEDULE, false),
    ("node.kubernetes.io/pid-pressure", NO_SCHEDULE, false),
    ("node.kubernetes.io/unschedulable", NO_SCHEDULE, false),
    ("node.kubernetes.io/network-unavailable", NO_SCHEDULE, true),
];

/// R2 + R4: the tolerations of the candidate pod: the template's list, then each automatic
/// toleration added with add-or-update semantics (R4.3).
pub fn effective_tolerations(
    template: &[Toleration],
    host_network: bool,
) -> Vec<EffectiveToleration> {
    let mut out: Vec<EffectiveToleration> = template
        .iter()
        .enumerate()
        .map(|(i, t)| EffectiveToleration {
            toleration: t.clone(),
            origin: Origin::Template(i),
        })
        .collect();
    for (row, (key, effect, needs_host_network)) in AUTOMATIC.iter().enumerate() {
        // R4 row 7: network-unavailable only for hostNetwork pods.
        if *needs_host_network && !host_network {
            continue;
        }
        let auto = Toleration {
            key: (*key).to_owned(),
            operator: "Exists".to_owned(),
            value: String::new(),
            effect: (*effect).to_owned(),
            toleration_seconds: None,
        };
        add_or_update(&mut out, auto, row + 1);
    }
    out
}

/// R4.3 (`AddOrUpdateTolerationInPodSpec`): a toleration with the same key, operator, value and
/// effect is replaced by the automatic one (dropping its `tolerationSeconds`); if the list
/// already holds exactly it, nothing changes; otherwise the automatic one is appended.
fn add_or_update(list: &mut Vec<EffectiveToleration>, auto: Toleration, row: usize) {
    let same_tuple = |t: &Toleration| {
        t.key == auto.key
            && t.operator == auto.operator
            && t.value == auto.value
            && t.effect == auto.effect
    };
    if list.iter().any(|e| e.toleration == auto) {
        return;
    }
    let mut updated = false;
    for entry in list.iter_mut().filter(|e| same_tuple(&e.toleration)) {
        entry.toleration = auto.clone();
        entry.origin = Origin::Automatic(row);
        updated = true;
    }
    if !updated {
        list.push(EffectiveToleration {
            toleration: auto,
            origin: Origin::Automatic(row),
        });
    }
}

/// R5 (`Toleration.ToleratesTaint`): does this toleration tolerate this taint?
pub fn tolerates(toleration: &Toleration, taint: &Taint, gates: FeatureGates) -> bool {
    // R5.1: an empty effect matches every effect.
    if !toleration.effect.is_empty() && toleration.effect != taint.effect {
        return false;
    }
    // R5.2: an empty key matches every key.
    if !toleration.key.is_empty() && toleration.key != taint.key {
        return false;
    }
    // R5.3: the operator.
    match toleration.operator.as_str() {
        "" | "Equal" => toleration.value == taint.value,
        "Exists" => true,
        "Lt" | "Gt" => {
            gates.taint_toleration_comparison_operators
                && compare_numeric(&toleration.value, &taint.value, &toleration.operator)
        }
        _ => false,
    }
}

/// R5.3 with the gate on: both values canonical base-10 int64 (no leading zeros, no `+`, no
/// `-0`); `Gt` iff taint > toleration, `Lt` iff taint < toleration, strictly.
fn compare_numeric(toleration_value: &str, taint_value: &str, op: &str) -> bool {
    let (Some(tol), Some(taint)) = (canonical_i64(toleration_value), canonical_i64(taint_value))
    else {
        return false;
    };
    if op == "Gt" { taint > tol } else { taint < tol }
}

fn canonical_i64(s: &str) -> Option<i64> {
    let n: i64 = s.parse().ok()?;
    // Round-tripping rejects "+5", "05" and "-0", which Kubernetes refuses here.
    (n.to_string() == s).then_some(n)
}

/// Is this a `Lt`/`Gt` toleration (which needs the comparison gate)?
pub fn is_comparison(toleration: &Toleration) -> bool {
    matches!(toleration.operator.as_str(), "Lt" | "Gt")
}

/// The toleration spelled as YAML flow text, for messages.
pub fn describe(t: &Toleration) -> String {
    let mut parts = Vec::new();
    if !t.key.is_empty() {
        parts.push(format!("key: {}", t.key));
    }
    parts.push(format!(
        "operator: {}",
        if t.operator.is_empty() {
            "Equal"
        } else {
            &t.operator
        }
    ));
    if !t.value.is_empty() {
        parts.push(format!("value: {:?}", t.value));
    }
    if !t.effect.is_empty() {
        parts.push(format!("effect: {}", t.effect));
    }
    if let Some(s) = t.toleration_seconds {
        parts.push(format!("tolerationSeconds: {s}"));
    }
    format!("{{{}}}", parts.join(", "))
}
