use super::{ObjectMeta, StringMap, nullable, quantities};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A `v1 Node`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default, deserialize_with = "nullable")]
    pub spec: NodeSpec,
    #[serde(default, deserialize_with = "nullable")]
    pub status: NodeStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub taints: Vec<Taint>,
    /// `kubectl cordon` sets this. The DaemonSet controller ignores it (placement-spec R1); only
    /// the scheduler's NodeUnschedulable filter reads it, and DaemonSet pods tolerate that.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_false"
    )]
    pub unschedulable: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub conditions: Vec<NodeCondition>,
    /// Quantities as written (`"3800m"`, `"15Gi"`); only the scheduler stage reads them.
    #[serde(
        default,
        deserialize_with = "quantities",
        skip_serializing_if = "StringMap::is_empty"
    )]
    pub allocatable: StringMap,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeCondition {
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
}

/// A node taint. `effect` is kept as written: an effect Kubernetes does not know is simply never
/// in the {NoSchedule, NoExecute} filter (placement-spec R5.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    #[serde(default, deserialize_with = "nullable")]
    pub key: String,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "String::is_empty"
    )]
    pub value: String,
    #[serde(default, deserialize_with = "nullable")]
    pub effect: String,
}

impl fmt::Display for Taint {
    /// The `kubectl taint` spelling: `key=value:Effect`, or `key:Effect` without a value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}:{}", self.key, self.effect)
        } else {
            write!(f, "{}={}:{}", self.key, self.value, self.effect)
        }
    }
}

impl Node {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// The status of condition `kind` (`"True"`, `"False"`, `"Unknown"`), if reported.
    pub fn condition(&self, kind: &str) -> Option<&str> {
        self.status
            .conditions
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.status.as_str())
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
