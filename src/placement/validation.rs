//! What the API server would reject in a DaemonSet (placement-spec R12, plus the toleration and
//! node-affinity checks behind R5.3 and R6.6). kubedrill still evaluates such an object as the
//! controller would; these become warnings.

use super::NodeSelection;
use super::objects::{
    DaemonSet, IntOrString, LabelSelector, NodeSelectorRequirement, StringMap, Toleration,
};
use super::rollout::{ON_DELETE, ROLLING_UPDATE, daemonset_defaults};
use super::selector::{is_dns1123_subdomain, validate_label_value, validate_qualified_name};
use super::toleration::FeatureGates;
use std::fmt;

/// A `field.Error` as the API server prints it: `path: Invalid value: v: detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub kind: FieldErrorKind,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    Invalid(String),
    Required,
    Forbidden,
    Unsupported(String, Vec<&'static str>),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FieldErrorKind::Invalid(v) if v.is_empty() => {
                write!(f, "{}: Invalid value", self.path)?
            }
            FieldErrorKind::Invalid(v) => write!(f, "{}: Invalid value: {v}", self.path)?,
            FieldErrorKind::Required => write!(f, "{}: Required value", self.path)?,
            FieldErrorKind::Forbidden => write!(f, "{}: Forbidden", self.path)?,
            FieldErrorKind::Unsupported(v, supported) => {
                let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
                write!(
                    f,
                    "{}: Unsupported value: {v:?}: supported values: {}",
                    self.path,
                    list.join(", ")
                )?;
                return Ok(());
            }
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

fn invalid(
    path: impl Into<String>,
    value: impl fmt::Display,
    detail: impl Into<String>,
) -> FieldError {
    FieldError {
        path: path.into(),
        kind: FieldErrorKind::Invalid(value.to_string()),
        detail: detail.into(),
    }
}

fn quoted(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::Str(s) => format!("{s:?}"),
    }
}

const RU: &str = "spec.updateStrategy.rollingUpdate";
const NON_NEGATIVE: &str = "must be greater than or equal to 0";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/// Everything the API server would reject, in the order Kubernetes checks it.
pub fn validate_daemonset(ds: &DaemonSet, gates: FeatureGates) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let spec = &ds.spec;
    let pod = &spec.template.spec;
    validate_selector(
        spec.selector.as_ref(),
        &spec.template.metadata.labels,
        &mut errs,
    );
    if !pod.restart_policy.is_empty() && pod.restart_policy != "Always" {
        errs.push(FieldError {
            path: "spec.template.spec.restartPolicy".into(),
            kind: FieldErrorKind::Unsupported(pod.restart_policy.clone(), vec!["Always"]),
            detail: String::new(),
        });
    }
    for (i, t) in pod.tolerations.iter().enumerate() {
        validate_toleration(i, t, gates, &mut errs);
    }
    validate_affinity(ds, &mut errs);
    validate_strategy(ds, &mut errs);
    if spec.min_ready_seconds < 0 {
        errs.push(invalid(
            "spec.minReadySeconds",
            spec.min_ready_seconds,
            NON_NEGATIVE,
        ));
    }
    if let Some(limit) = spec.revision_history_limit.filter(|l| *l < 0) {
        errs.push(invalid("spec.revisionHistoryLimit", limit, NON_NEGATIVE));
    }
    errs
}

fn validate_selector(sel: Option<&LabelSelector>, labels: &StringMap, errs: &mut Vec<FieldError>) {
    let Some(sel) = sel else {
        errs.push(FieldError {
            path: "spec.selector".into(),
            kind: FieldErrorKind::Required,
            detail: String::new(),
        });
        return;
    };
    if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
        errs.push(invalid(
            "spec.selector",
            "{}",
            "empty selector is invalid for daemonset",
        ));
        return;
    }
    if !selector_matches(sel, labels) {
        let shown: Vec<String> = labels.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
        errs.push(invalid(
            "spec.template.metadata.labels",
            format!("map[string]string{{{}}}", shown.join(", ")),
            "`selector` does not match template `labels`",
        ));
    }
}

/// `metav1.LabelSelectorAsSelector(...).Matches(labels)`.
pub fn selector_matches(sel: &LabelSelector, labels: &StringMap) -> bool {
    sel.match_labels
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v.as_str()))
        && sel.match_expressions.iter().all(|r| {
            let have = labels.get(&r.key);
            let listed = |v: &str| r.values.iter().any(|x| x == v);
            match r.operator.as_str() {
                "In" => have.is_some_and(listed),
                "NotIn" => have.is_none_or(|v| !listed(v)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => false,
            }
        })
}

fn validate_toleration(i: usize, t: &Toleration, gates: FeatureGates, errs: &mut Vec<FieldError>) {
    let path = format!("spec.template.spec.tolerations[{i}]");
    if !t.key.is_empty()
        && let Err(e) = validate_qualified_name(&t.key)
    {
        errs.push(invalid(format!("{path}.key"), format!("{:?}", t.key), e));
    }
    if t.key.is_empty() && t.operator != "Exists" {
        errs.push(invalid(
            format!("{path}.operator"),
            format!("{:?}", t.operator),
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ));
    }
    if t.toleration_seconds.is_some() && t.effect != "NoExecute" {
        errs.push(invalid(
            format!("{path}.effect"),
            format!("{:?}", t.effect),
            "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ));
    }
    let comparison = gates.taint_toleration_comparison_operators;
    match t.operator.as_str() {
        "" | "Equal" => {
            if let Err(e) = validate_label_value(&t.value) {
                errs.push(invalid(
                    format!("{path}.operator"),
                    format!("{:?}", t.value),
                    e,
                ));
            }
        }
        "Exists" if !t.value.is_empty() => errs.push(invalid(
            format!("{path}.operator"),
            format!("{:?}", t.value),
            "value must be empty when `operator` is 'Exists'",
        )),
        "Exists" => {}
        "Lt" | "Gt" if comparison => {}
        other => errs.push(FieldError {
            path: format!("{path}.operator"),
            kind: FieldErrorKind::Unsupported(
                other.to_owned(),
                if comparison {
                    vec!["Equal", "Exists", "Gt", "Lt"]
                } else {
                    vec!["Equal", "Exists"]
                },
            ),
            detail: String::new(),
        }),
    }
    if !t.effect.is_empty()
        && !matches!(
            t.effect.as_str(),
            "NoSchedule" | "PreferNoSchedule" | "NoExecute"
        )
    {
        errs.push(FieldError {
            path: format!("{path}.effect"),
            kind: FieldErrorKind::Unsupported(
                t.effect.clone(),
                vec!["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ),
            detail: String::new(),
        });
    }
}

/// `ValidateNodeSelector` for the required node affinity, as the API server has it since 1.32
/// (kubernetes#128212 added the label-value check on `values`; objects stored before keep
/// theirs). The matcher's own parse errors (a `Gt` value that is not an integer) are not
/// validation errors: such a term is accepted and never matches (placement-spec R6.6), which
/// `affinity_notes` says.
fn validate_affinity(ds: &DaemonSet, errs: &mut Vec<FieldError>) {
    let Some(required) = ds.spec.template.spec.required_node_affinity() else {
        return;
    };
    let path = "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
    if required.node_selector_terms.is_empty() {
        errs.push(FieldError {
            path: path.into(),
            kind: FieldErrorKind::Required,
            detail: "must have at least one node selector term".into(),
        });
        return;
    }
    for (i, term) in required.node_selector_terms.iter().enumerate() {
        for (j, rq) in term.match_expressions.iter().enumerate() {
            let at = format!("{path}[{i}].matchExpressions[{j}]");
            validate_requirement(rq, &at, errs);
        }
        for (j, rq) in term.match_fields.iter().enumerate() {
            let at = format!("{path}[{i}].matchFields[{j}]");
            validate_field_requirement(rq, &at, errs);
        }
    }
}

/// `ValidateNodeSelectorRequirement`.
fn validate_requirement(rq: &NodeSelectorRequirement, at: &str, errs: &mut Vec<FieldError>) {
    let values = || FieldError {
        path: format!("{at}.values"),
        kind: FieldErrorKind::Required,
        detail: String::new(),
    };
    match rq.operator.as_str() {
        "In" | "NotIn" if rq.values.is_empty() => errs.push(FieldError {
            detail: "must be specified when `operator` is 'In' or 'NotIn'".into(),
            ..values()
        }),
        "Exists" | "DoesNotExist" if !rq.values.is_empty() => errs.push(FieldError {
            kind: FieldErrorKind::Forbidden,
            detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into(),
            ..values()
        }),
        "Gt" | "Lt" if rq.values.len() != 1 => errs.push(FieldError {
            detail: "must be specified single value when `operator` is 'Lt' or 'Gt'".into(),
            ..values()
        }),
        "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
        other => errs.push(invalid(
            format!("{at}.operator"),
            format!("{other:?}"),
            "not a valid selector operator",
        )),
    }
    if let Err(e) = validate_qualified_name(&rq.key) {
        errs.push(invalid(format!("{at}.key"), format!("{:?}", rq.key), e));
    }
    for (k, v) in rq.values.iter().enumerate() {
        if let Err(e) = validate_label_value(v) {
            errs.push(invalid(format!("{at}.values[{k}]"), format!("{v:?}"), e));
        }
    }
}

/// `ValidateNodeFieldSelectorRequirement`: only `metadata.name`, In or NotIn, one node name.
fn validate_field_requirement(rq: &NodeSelectorRequirement, at: &str, errs: &mut Vec<FieldError>) {
    match rq.operator.as_str() {
        "In" | "NotIn" if rq.values.len() != 1 => errs.push(FieldError {
            path: format!("{at}.values"),
            kind: FieldErrorKind::Required,
            detail:
                "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
                    .into(),
        }),
        "In" | "NotIn" => {}
        other => errs.push(invalid(
            format!("{at}.operator"),
            format!("{other:?}"),
            "not a valid selector operator",
        )),
    }
    if rq.key != "metadata.name" {
        errs.push(invalid(
            format!("{at}.key"),
            format!("{:?}", rq.key),
            "not a valid field selector key",
        ));
        return;
    }
    for (k, v) in rq.values.iter().enumerate() {
        // A node name is a DNS subdomain (ValidateNodeName).
        if !is_dns1123_subdomain(v) {
            errs.push(invalid(
                format!("{at}.values[{k}]"),
                format!("{v:?}"),
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            ));
        }
    }
}

/// Terms the API server accepts but that can never match a node (placement-spec R6.6): the
/// matcher cannot parse them, so the controller skips them. Said as notes, not as errors.
pub fn affinity_notes(ds: &DaemonSet) -> Vec<String> {
    let Some(required) = ds.spec.template.spec.required_node_affinity() else {
        return Vec::new();
    };
    let selection = NodeSelection::compile(&Default::default(), Some(required));
    let mut notes: Vec<String> = selection
        .parse_errors()
        .into_iter()
        .map(|(sub, detail)| {
            format!(
                "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.{sub}: the API server accepts this, but the term can never match a node ({detail})"
            )
        })
        .collect();
    notes.dedup();
    notes
}

fn validate_strategy(ds: &DaemonSet, errs: &mut Vec<FieldError>) {
    let s = daemonset_defaults(ds.spec.update_strategy.as_ref());
    if s.kind != ROLLING_UPDATE && s.kind != ON_DELETE {
        errs.push(FieldError {
            path: "spec.updateStrategy.type".into(),
            kind: FieldErrorKind::Unsupported(s.kind.clone(), vec![ON_DELETE, ROLLING_UPDATE]),
            detail: String::new(),
        });
        return;
    }
    if s.kind != ROLLING_UPDATE {
        return;
    }
    // daemonset_defaults always fills both values for RollingUpdate.
    let ru = s.rolling_update.unwrap_or_default();
    let unavailable = ru.max_unavailable.unwrap_or(IntOrString::Int(1));
    let surge = ru.max_surge.unwrap_or(IntOrString::Int(0));
    for (name, v) in [("maxUnavailable", &unavailable), ("maxSurge", &surge)] {
        match v {
            IntOrString::Str(s) if !is_valid_percent(s) => {
                errs.push(invalid(format!("{RU}.{name}"), quoted(v), PERCENT_MSG))
            }
            IntOrString::Int(i) if *i < 0 => {
                errs.push(invalid(format!("{RU}.{name}"), i, NON_NEGATIVE))
            }
            _ => {}
        }
    }
    for (name, v) in [("maxUnavailable", &unavailable), ("maxSurge", &surge)] {
        if percent_value(v).is_some_and(|p| p > 100) {
            errs.push(invalid(
                format!("{RU}.{name}"),
                quoted(v),
                "must not be greater than 100%",
            ));
        }
    }
    // R12: exactly one of the two must be non-zero.
    let has_unavailable = int_or_percent_value(&unavailable) != 0;
    let has_surge = int_or_percent_value(&surge) != 0;
    if has_unavailable && has_surge {
        errs.push(invalid(
            format!("{RU}.maxSurge"),
            quoted(&surge),
            "may not be set when maxUnavailable is non-zero",
        ));
    } else if !has_unavailable && !has_surge {
        errs.push(FieldError {
            path: format!("{RU}.maxUnavailable"),
            kind: FieldErrorKind::Required,
            detail: "cannot be 0 when maxSurge is 0".into(),
        });
    }
}

/// `IsValidPercent`: `^[0-9]+%$`.
fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `getPercentValue`: the number of a valid percentage string.
fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::Str(s) if is_valid_percent(s) => s[..s.len() - 1].parse().ok(),
        _ => None,
    }
}

/// `getIntOrPercentValue`: a percentage's number, else `IntValue()` (a string is parsed, and
/// anything unparsable counts as 0).
fn int_or_percent_value(v: &IntOrString) -> i64 {
    match (percent_value(v), v) {
        (Some(p), _) => p,
        (None, IntOrString::Int(i)) => *i,
        (None, IntOrString::Str(s)) => s.parse().unwrap_or(0),
    }
}
