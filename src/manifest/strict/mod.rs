//! Reading DaemonSets (and Pods) as strictly as the API server: `kubectl apply` sends the file
//! as JSON and the server decodes it with strict field validation (kubectl's default since
//! 1.25), so a misspelled field, a field given twice, a value of the wrong type or an
//! apiVersion that no longer serves the kind is refused, not ignored. kubedrill reports each
//! with its line, column and path instead of predicting for an object that would never exist.
//! Nodes are not checked: they come from the cluster itself, and a newer cluster's new fields
//! must not break an older kubedrill.

mod decoder;
mod tree;

pub use decoder::{Problem, ProblemKind, read};
pub use tree::{Node, Pos, documents, path_at};

use tree::Value;

/// kubectl's `--validate`: what strict field validation does with unknown and duplicate
/// fields. Wrong types and apiVersions are refused in every mode, as the server refuses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Validate {
    /// Refuse the file (kubectl's default).
    #[default]
    Strict,
    /// Say what is wrong, then read the object without those fields.
    Warn,
    /// Read the object without those fields, saying nothing.
    Ignore,
}

/// A problem in one object of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// `DaemonSet kube-system/fluent-bit`.
    pub object: String,
    pub problem: Problem,
}

/// Every problem of every DaemonSet and Pod in `text`, in file order. A file that is not YAML
/// at all is the typed reader's to report; here it yields no problem.
pub fn check(text: &str) -> Vec<Found> {
    // The same bound as the typed reader: linear in the input, so aliases cannot blow it up.
    let budget = (text.len() / 2).max(250_000);
    let Ok(docs) = tree::documents(text, budget) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for doc in &docs {
        check_object(doc, None, &mut found);
    }
    found
}

pub fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    match field(node, key).map(|n| &n.value) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

/// The apiVersion each checked kind is served at, and what to say of the others.
fn served(kind: &str) -> &'static str {
    match kind {
        "DaemonSet" => "apps/v1",
        _ => "v1",
    }
}

fn api_version_problem(kind: &str, found: &str) -> String {
    match (kind, found) {
        ("DaemonSet", "extensions/v1beta1") => "extensions/v1beta1 no longer serves DaemonSets (removed in Kubernetes 1.16); use apiVersion: apps/v1, and note that extensions/v1beta1 defaulted updateStrategy to OnDelete and the selector to the template's labels, where apps/v1 defaults to RollingUpdate and requires spec.selector".to_owned(),
        ("DaemonSet", "apps/v1beta2") => {
            "apps/v1beta2 no longer serves DaemonSets (removed in Kubernetes 1.16); use apiVersion: apps/v1".to_owned()
        }
        ("DaemonSet", "apps/v1beta1") => {
            "apps/v1beta1 never served DaemonSets; use apiVersion: apps/v1".to_owned()
        }
        _ => format!(
            "{found:?} does not serve {kind}s; use apiVersion: {}",
            served(kind)
        ),
    }
}

/// Item `i` of a document's `items` list.
pub fn item(doc: &Node, i: usize) -> Option<&Node> {
    match field(doc, "items").map(|n| &n.value) {
        Some(Value::Seq(items)) => items.get(i),
        _ => None,
    }
}

fn check_object(node: &Node, list_kind: Option<&str>, out: &mut Vec<Found>) {
    let kind = text(node, "kind").or(match list_kind {
        Some("DaemonSetList") => Some("DaemonSet"),
        Some("PodList") => Some("Pod"),
        _ => None,
    });
    let Some(kind) = kind else {
        return;
    };
    if let Some(Value::Seq(items)) = field(node, "items").map(|n| &n.value)
        && (kind.ends_with("List") || kind.is_empty())
    {
        for item in items {
            check_object(item, Some(kind), out);
        }
        return;
    }
    if !matches!(kind, "DaemonSet" | "Pod") {
        return;
    }
    let metadata = field(node, "metadata");
    // As written, even where it is not a string (`name: y` is a boolean to kubectl).
    let name = metadata
        .and_then(|m| field(m, "name"))
        .map_or("", |n| n.raw.as_str());
    let object = match metadata.and_then(|m| text(m, "namespace")) {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    };
    let mut push = |problem: Problem| {
        out.push(Found {
            object: object.clone(),
            problem,
        })
    };
    // An item of a typed list may leave its apiVersion out (the list has it).
    let api_version = field(node, "apiVersion");
    match api_version.map(|n| (&n.value, n)) {
        Some((Value::Str(v), _)) if v == served(kind) => {}
        Some((_, n)) => {
            push(Problem {
                at: n.at,
                path: "apiVersion".into(),
                kind: ProblemKind::Invalid(api_version_problem(kind, &n.raw)),
            });
            // The fields of another version are not those of this one: checking them against
            // apps/v1 would only add noise.
            return;
        }
        None if list_kind.is_none() => {
            push(Problem {
                at: node.at,
                path: "apiVersion".into(),
                kind: ProblemKind::Invalid(format!(
                    "not set (kubectl apply refuses an object without one); a {kind} is apiVersion: {}",
                    served(kind)
                )),
            });
        }
        None => {}
    }
    let problems = match kind {
        "DaemonSet" => decoder::decode::<k8s_openapi::api::apps::v1::DaemonSet>(node),
        _ => decoder::decode::<k8s_openapi::api::core::v1::Pod>(node),
    };
    for p in problems {
        push(p);
    }
}

/// Where the field at `path` (`spec.template.spec.tolerations[0].effect`, as the API server's
/// errors write it) is in the first document of `text`, or the closest enclosing field that is
/// there; `None` when the text does not parse.
pub fn position_of(text: &str, path: &str) -> Option<Pos> {
    let budget = (text.len() / 2).max(250_000);
    let docs = tree::documents(text, budget).ok()?;
    let mut node = docs.first()?;
    let mut at = node.at;
    for segment in path.split('.') {
        let (key, indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        let Some((k, next)) = (match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key),
            _ => None,
        }) else {
            return Some(at);
        };
        at = k.at;
        node = next;
        for index in indexes
            .split(['[', ']'])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse::<usize>().ok())
        {
            match &node.value {
                Value::Seq(items) if index < items.len() => {
                    node = &items[index];
                    at = node.at;
                }
                _ => return Some(at),
            }
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(yaml: &str) -> Vec<String> {
        check(yaml)
            .iter()
            .map(|f| {
                format!(
                    "{}:{}: {}",
                    f.problem.at.line, f.problem.at.column, f.problem
                )
            })
            .collect()
    }

    const HEAD: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n";

    #[test]
    fn unknown_fields_are_named_with_their_path_and_a_guess() {
        let yaml = format!(
            "{HEAD}      nodeselector:\n        disk: ssd\n      containers:\n      - name: a\n        image: a\n        imagePullPolicy: Always\n        imagepullpolicy: Always\n"
        );
        assert_eq!(
            messages(&yaml),
            [
                "12:7: unknown field \"spec.template.spec.nodeselector\" (did you mean nodeSelector?)",
                "18:9: unknown field \"spec.template.spec.containers[0].imagepullpolicy\" (did you mean imagePullPolicy?)",
            ]
        );
    }

    #[test]
    fn wrong_types_are_refused_and_quantities_take_numbers() {
        let yaml = format!(
            "{HEAD}      hostNetwork: \"true\"\n      nodeSelector:\n        v: 1.20\n      tolerations:\n      - key: k\n        operator: Exists\n        tolerationSeconds: \"60\"\n      containers:\n      - name: a\n        resources:\n          limits: {{cpu: 1, memory: 64Mi}}\n"
        );
        assert_eq!(
            messages(&yaml),
            [
                "12:20: spec.template.spec.hostNetwork: must be a boolean, not the string \"true\" (remove the quotes)",
                "14:12: spec.template.spec.nodeSelector.v: must be a string, not the number 1.20 (quote it to make it a string)",
                "18:28: spec.template.spec.tolerations[0].tolerationSeconds: must be an integer, not the string \"60\" (remove the quotes)",
            ]
        );
    }

    #[test]
    fn misplaced_fields_say_where_they_belong() {
        let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  replicas: 3\n  tolerations: []\n  selector: {matchLabels: {app: a}}\n  template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a}]}}\n";
        assert_eq!(
            messages(yaml),
            [
                "5:3: unknown field \"spec.replicas\" (a DaemonSet has no replicas: it runs one pod on every node it selects)",
                "6:3: unknown field \"spec.tolerations\" (it belongs in spec.template.spec.tolerations)",
            ]
        );
    }

    #[test]
    fn deployment_leftovers_are_named_as_such() {
        // domain-facts §17.8: what `kubectl create deployment --dry-run=client -o yaml` leaves
        // behind when only `kind` is changed.
        let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  strategy: {}\n  progressDeadlineSeconds: 600\n  selector: {matchLabels: {app: a}}\n  template: {metadata: {labels: {app: a}}, spec: {containers: [{name: a}]}}\n";
        assert_eq!(
            messages(yaml),
            [
                "5:3: unknown field \"spec.strategy\" (a Deployment field: a DaemonSet's is updateStrategy)",
                "6:3: unknown field \"spec.progressDeadlineSeconds\" (a Deployment field: a DaemonSet has no progress deadline)",
            ]
        );
    }

    #[test]
    fn old_api_versions_are_named() {
        let yaml = "apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: a}\nspec: {template: {spec: {nodeselector: {}}}}\n";
        let m = messages(yaml);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("1:13: apiVersion: extensions/v1beta1 no longer serves DaemonSets (removed in Kubernetes 1.16"), "{m:?}");
    }

    #[test]
    fn duplicates_and_lists_and_other_kinds() {
        let yaml = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: a, namespace: ns}\n  spec:\n    minReadySeconds: 1\n    minReadySeconds: 2\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {x: y}\n";
        let found = check(yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "DaemonSet ns/a");
        assert_eq!(
            found[0].problem.to_string(),
            "duplicate field \"spec.minReadySeconds\""
        );
    }
}
