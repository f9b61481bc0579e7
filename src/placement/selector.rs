//! Required node selection: the template's `nodeSelector` map ANDed with its required node
//! affinity (placement-spec R6).

use super::objects::{Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, StringMap};
use std::collections::BTreeMap;

/// A `matchExpressions` operator, parsed (R6.5). Gt/Lt carry their integer bound.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LabelOp {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt(i64),
    Lt(i64),
}

/// One parsed `matchExpressions` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LabelRequirement {
    key: String,
    op: LabelOp,
    values: Vec<String>,
}

/// One parsed `matchFields` entry (R6.7): `In` or `NotIn` with exactly one value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldRequirement {
    key: String,
    equal: bool,
    value: String,
}

/// A term after parsing: usable, or broken by a parse error (R6.6), which makes it never match.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Valid {
        /// 1-based position in `nodeSelectorTerms`, for messages.
        number: usize,
        labels: Vec<LabelRequirement>,
        fields: Vec<FieldRequirement>,
    },
    Broken {
        number: usize,
        /// (entry path such as `matchExpressions[0]`, error)
        errors: Vec<(String, String)>,
    },
}

/// Why the required node selection rejected a node: one entry per failing part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionFailure {
    /// R6.1: a `nodeSelector` entry is missing or has another value on the node.
    NodeSelector {
        key: String,
        want: String,
        have: Option<String>,
    },
    /// R6.3: no usable term at all, so nothing matches.
    NoTerms { written: usize },
    /// R6.5: a `matchExpressions` entry of a term does not hold.
    Expression {
        term: usize,
        requirement: String,
        why: String,
    },
    /// R6.7: a `matchFields` entry of a term does not hold.
    Field {
        term: usize,
        requirement: String,
        why: String,
    },
    /// R6.6/R6.8: a term with a parse error, skipped: (entry path, error) pairs.
    BrokenTerm {
        term: usize,
        errors: Vec<(String, String)>,
    },
}

/// The required node selection of a DaemonSet template, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSelection {
    node_selector: Vec<(String, String)>,
    /// `None`: no required affinity (matches every node, R6.2). `Some(terms)`: the non-empty
    /// terms (R6.3 drops empty ones); an empty list matches nothing.
    terms: Option<Vec<Term>>,
    written_terms: usize,
}

impl NodeSelection {
    pub fn compile(
        node_selector: &BTreeMap<String, String>,
        required: Option<&NodeSelector>,
    ) -> Self {
        let terms = required.map(|sel| {
            sel.node_selector_terms
                .iter()
                .enumerate()
                .filter(|(_, t)| !is_empty_term(t))
                .map(|(i, t)| parse_term(i + 1, t))
                .collect()
        });
        NodeSelection {
            node_selector: node_selector
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            terms,
            written_terms: required.map_or(0, |s| s.node_selector_terms.len()),
        }
    }

    /// Parse errors of terms the API server would reject, as (path below the required node
    /// selector, such as `nodeSelectorTerms[1].matchExpressions[0]`, error).
    pub fn parse_errors(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for term in self.terms.iter().flatten() {
            if let Term::Broken { number, errors } = term {
                for (entry, e) in errors {
                    out.push((
                        format!("nodeSelectorTerms[{}].{entry}", number - 1),
                        e.clone(),
                    ));
                }
            }
        }
        out
    }

    /// True when a required affinity is present but lists no term at all (`nodeSelectorTerms:
    /// []`), which the API server rejects.
    pub fn has_empty_terms_list(&self) -> bool {
        self.terms.is_some() && self.written_terms == 0
    }

    /// R6: does the node satisfy nodeSelector AND required affinity? Returns every failure.
    pub fn check(&self, node: &Node) -> Vec<SelectionFailure> {
        let mut failures = Vec::new();
        let labels = &node.metadata.labels;
        // R6.1: every nodeSelector entry must be present with exactly that value.
        for (key, want) in &self.node_selector {
            let have = labels.get(key);
            if have != Some(want.as_str()) {
                failures.push(SelectionFailure::NodeSelector {
                    key: key.clone(),
                    want: want.clone(),
                    have: have.map(str::to_owned),
                });
            }
        }
        // R6.2: absent required affinity matches everything.
        let Some(terms) = &self.terms else {
            return failures;
        };
        // R6.3: terms are ORed; none left means no match.
        if terms.is_empty() {
            failures.push(SelectionFailure::NoTerms {
                written: self.written_terms,
            });
            return failures;
        }
        let mut term_failures = Vec::new();
        for term in terms {
            match term {
                // R6.8: a broken term is skipped; it never matches.
                Term::Broken { number, errors } => {
                    term_failures.push(SelectionFailure::BrokenTerm {
                        term: *number,
                        errors: errors.clone(),
                    })
                }
                Term::Valid {
                    number,
                    labels: exprs,
                    fields,
                } => {
                    let before = term_failures.len();
                    // R6.4: inside one term every expression and every field must hold.
                    for req in exprs {
                        if let Some(why) = label_failure(req, labels) {
                            term_failures.push(SelectionFailure::Expression {
                                term: *number,
                                requirement: describe_label(req),
                                why,
                            });
                        }
                    }
                    for req in fields {
                        if let Some(why) = field_failure(req, node.name()) {
                            term_failures.push(SelectionFailure::Field {
                                term: *number,
                                requirement: describe_field(req),
                                why,
                            });
                        }
                    }
                    if term_failures.len() == before {
                        // One term matched: the required affinity holds (errors are discarded).
                        return failures;
                    }
                }
            }
        }
        failures.extend(term_failures);
        failures
    }
}

/// R6.3 (`isEmptyNodeSelectorTerm`): no expressions and no fields.
fn is_empty_term(t: &NodeSelectorTerm) -> bool {
    t.match_expressions.is_empty() && t.match_fields.is_empty()
}

fn parse_term(number: usize, t: &NodeSelectorTerm) -> Term {
    let mut errors = Vec::new();
    let mut labels = Vec::new();
    let mut fields = Vec::new();
    for (i, req) in t.match_expressions.iter().enumerate() {
        match parse_label_requirement(req) {
            Ok(r) => labels.push(r),
            Err(e) => errors.push((format!("matchExpressions[{i}]"), e)),
        }
    }
    for (i, req) in t.match_fields.iter().enumerate() {
        match parse_field_requirement(req) {
            Ok(r) => fields.push(r),
            Err(e) => errors.push((format!("matchFields[{i}]"), e)),
        }
    }
    if errors.is_empty() {
        Term::Valid {
            number,
            labels,
            fields,
        }
    } else {
        Term::Broken { number, errors }
    }
}

/// R6.6: apimachinery `NewRequirement` plus the node-selector operator switch.
fn parse_label_requirement(r: &NodeSelectorRequirement) -> Result<LabelRequirement, String> {
    if let Err(e) = validate_qualified_name(&r.key) {
        return Err(format!("key {:?}: {e}", r.key));
    }
    let n = r.values.len();
    let op = match r.operator.as_str() {
        "In" | "NotIn" if n == 0 => {
            return Err(format!("operator {}: values must be non-empty", r.operator));
        }
        "In" => LabelOp::In,
        "NotIn" => LabelOp::NotIn,
        "Exists" | "DoesNotExist" if n != 0 => {
            return Err(format!("operator {}: values set must be empty", r.operator));
        }
        "Exists" => LabelOp::Exists,
        "DoesNotExist" => LabelOp::DoesNotExist,
        "Gt" | "Lt" => {
            if n != 1 {
                return Err(format!(
                    "operator {}: values must have exactly one element",
                    r.operator
                ));
            }
            let bound: i64 = r.values[0].parse().map_err(|_| {
                format!(
                    "operator {}: value {:?} is not an integer",
                    r.operator, r.values[0]
                )
            })?;
            if r.operator == "Gt" {
                LabelOp::Gt(bound)
            } else {
                LabelOp::Lt(bound)
            }
        }
        other => return Err(format!("{other:?} is not a valid node selector operator")),
    };
    for v in &r.values {
        if let Err(e) = validate_label_value(v) {
            return Err(format!("value {v:?}: {e}"));
        }
    }
    Ok(LabelRequirement {
        key: r.key.clone(),
        op,
        values: r.values.clone(),
    })
}

/// R6.7: `In`/`NotIn` with exactly one value; the key is not validated here.
fn parse_field_requirement(r: &NodeSelectorRequirement) -> Result<FieldRequirement, String> {
    let equal = match r.operator.as_str() {
        "In" => true,
        "NotIn" => false,
        other => {
            return Err(format!(
                "{other:?} is not a valid node field selector operator"
            ));
        }
    };
    if r.values.len() != 1 {
        return Err(format!(
            "operator {} needs exactly one value for a field selector, got {}",
            r.operator,
            r.values.len()
        ));
    }
    Ok(FieldRequirement {
        key: r.key.clone(),
        equal,
        value: r.values[0].clone(),
    })
}

/// R6.5 (`Requirement.Matches`): why the requirement fails on these labels, or `None`.
fn label_failure(r: &LabelRequirement, labels: &StringMap) -> Option<String> {
    let have = labels.get(&r.key);
    let key = &r.key;
    match (&r.op, have) {
        (LabelOp::In, None) => Some(format!("the node has no label {key}")),
        (LabelOp::In, Some(v)) if !r.values.iter().any(|x| x == v) => {
            Some(format!("the node's {key}={v} is not in the list"))
        }
        (LabelOp::NotIn, Some(v)) if r.values.iter().any(|x| x == v) => {
            Some(format!("the node's {key}={v} is in the excluded list"))
        }
        (LabelOp::Exists, None) => Some(format!("the node has no label {key}")),
        (LabelOp::DoesNotExist, Some(v)) => Some(format!("the node has the label {key}={v}")),
        (LabelOp::Gt(_) | LabelOp::Lt(_), None) => {
            Some(format!("the node has no label {key}, and Gt/Lt need one"))
        }
        (LabelOp::Gt(bound) | LabelOp::Lt(bound), Some(v)) => match v.parse::<i64>() {
            // Go's strconv.ParseInt(v, 10, 64) accepts the same strings as i64::from_str.
            Err(_) => Some(format!(
                "the node's {key}={v} is not an integer, and Gt/Lt compare integers only"
            )),
            Ok(n) => {
                let (holds, word) = match r.op {
                    LabelOp::Gt(_) => (n > *bound, "greater"),
                    _ => (n < *bound, "less"),
                };
                (!holds).then(|| format!("the node's {key}={v} is not {word} than {bound}"))
            }
        },
        _ => None,
    }
}

/// R6.7: matchFields reads `metadata.name` only; any other field reads as "".
fn field_failure(r: &FieldRequirement, node_name: &str) -> Option<String> {
    let field = if r.key == "metadata.name" {
        node_name
    } else {
        ""
    };
    if (field == r.value) == r.equal {
        return None;
    }
    Some(if r.key != "metadata.name" {
        format!("nodes have no field {}; it reads as empty", r.key)
    } else if r.equal {
        format!("the node is named {node_name}")
    } else {
        format!("the node is named {node_name}, which is excluded")
    })
}

fn describe_label(r: &LabelRequirement) -> String {
    match &r.op {
        LabelOp::In => format!("{} In [{}]", r.key, r.values.join(", ")),
        LabelOp::NotIn => format!("{} NotIn [{}]", r.key, r.values.join(", ")),
        LabelOp::Exists => format!("{} Exists", r.key),
        LabelOp::DoesNotExist => format!("{} DoesNotExist", r.key),
        LabelOp::Gt(b) => format!("{} Gt {b}", r.key),
        LabelOp::Lt(b) => format!("{} Lt {b}", r.key),
    }
}

fn describe_field(r: &FieldRequirement) -> String {
    format!(
        "{} {} [{}]",
        r.key,
        if r.equal { "In" } else { "NotIn" },
        r.value
    )
}

/// apimachinery `IsQualifiedName`: `[prefix/]name`, prefix a DNS-1123 subdomain (≤ 253), name ≤ 63
/// characters of `[A-Za-z0-9_.-]`, alphanumeric at both ends.
pub fn validate_qualified_name(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.split('/').collect::<Vec<_>>().as_slice() {
        [name] => (None, *name),
        [prefix, name] => (Some(*prefix), *name),
        _ => return Err("a qualified name may contain at most one '/'".into()),
    };
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            return Err("prefix part must be non-empty".into());
        }
        if !is_dns1123_subdomain(prefix) {
            return Err("prefix part must be a lowercase RFC 1123 subdomain".into());
        }
    }
    if name.is_empty() {
        return Err("name part must be non-empty".into());
    }
    if name.len() > 63 {
        return Err("name part must be no more than 63 characters".into());
    }
    if !is_label_token(name) {
        return Err("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
    }
    Ok(())
}

/// apimachinery `IsValidLabelValue`: empty, or ≤ 63 characters of `[A-Za-z0-9_.-]` with
/// alphanumerics at both ends.
pub fn validate_label_value(v: &str) -> Result<(), String> {
    if v.len() > 63 {
        return Err("must be no more than 63 characters".into());
    }
    if !v.is_empty() && !is_label_token(v) {
        return Err("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
    }
    Ok(())
}

fn is_label_token(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

pub(crate) fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}
