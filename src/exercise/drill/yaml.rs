//! Drills as real manifests a learner could `kubectl apply`: `v1` Nodes (and Pods, for scheduler
//! drills) and an `apps/v1 DaemonSet`. Written through serde_json values so the YAML carries exactly the
//! fields of the objects the engine evaluated; `manifest::parse` reads them back.

use crate::placement::objects::{DaemonSet, Node, Pod};
use serde::Serialize;
use serde_json::{Map, Value};

/// The nodes as a multi-document YAML stream of `v1 Node` objects, one per document (a `List`
/// would print `items` before `kind`, since the keys are sorted).
pub fn nodes_yaml(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| to_yaml(&object("v1", "Node", n)))
        .collect::<Vec<_>>()
        .join("---\n")
}

/// The pods as a multi-document YAML stream of `v1 Pod` objects.
pub fn pods_yaml(pods: &[Pod]) -> String {
    pods.iter()
        .map(|p| to_yaml(&object("v1", "Pod", p)))
        .collect::<Vec<_>>()
        .join("---\n")
}

/// The DaemonSet as an `apps/v1` manifest.
pub fn daemonset_yaml(ds: &DaemonSet) -> String {
    let mut value = object("apps/v1", "DaemonSet", ds);
    // `ObjectMeta.name` is always written; a pod template has none, so drop the empty one.
    if let Some(meta) = value
        .pointer_mut("/spec/template/metadata")
        .and_then(Value::as_object_mut)
        && meta.get("name").and_then(Value::as_str) == Some("")
    {
        meta.remove("name");
    }
    to_yaml(&value)
}

/// `apiVersion` and `kind` in front of the object's own fields. serde_json's map is ordered by
/// key, which happens to put `apiVersion`, `kind`, `metadata`, `spec`, `status` in the order
/// Kubernetes writes them (and `kind` before `spec`, which `manifest::parse` reads fastest).
fn object<T: Serialize>(api_version: &str, kind: &str, value: &T) -> Value {
    // The object types hold only strings, numbers, booleans, lists and string-keyed maps, which
    // always convert to a JSON value.
    let mut map = match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.insert("apiVersion".into(), Value::String(api_version.into()));
    map.insert("kind".into(), Value::String(kind.into()));
    Value::Object(map)
}

/// YAML through serde-saphyr; should it ever refuse, JSON (which is YAML too, and which
/// `manifest::parse` reads) keeps the output usable.
fn to_yaml(value: &Value) -> String {
    serde_saphyr::to_string(value)
        .or_else(|_| serde_json::to_string_pretty(value))
        .unwrap_or_default()
}
