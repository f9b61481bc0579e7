//! One Kubernetes document, read in a single pass whatever the format: the `spec` and `status`
//! of a Node or DaemonSet go straight into their types when `kind` came first (as kubectl and
//! nearly every manifest write it); otherwise they are kept as a generic value and converted once
//! the kind is known. Objects of other kinds are skipped without building anything.

use crate::placement::objects::{DaemonSet, DaemonSetSpec, Node, NodeSpec, NodeStatus, ObjectMeta};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// What one document (or one list item) turned out to be.
#[derive(Debug)]
pub enum Parsed {
    Node(Box<Node>),
    DaemonSet(Box<DaemonSet>),
    /// A Pod, kept as generic parts (pods are read for the scheduler stage only, and their
    /// metadata carries owner references that `ObjectMeta` leaves out).
    Pod(Box<Untyped>),
    /// A `List`, `NodeList`, `DaemonSetList`... with its items, and the list's own kind.
    List {
        kind: String,
        items: Vec<Parsed>,
    },
    /// Any other kind: skipped.
    Other {
        kind: String,
        name: String,
    },
    /// No `kind` at all (an item of a NodeList read from the API): the parts, kept generic.
    Untyped(Box<Untyped>),
}

#[derive(Debug, Default)]
pub struct Untyped {
    pub metadata: Option<Value>,
    pub spec: Option<Value>,
    pub status: Option<Value>,
}

impl<'de> Deserialize<'de> for Parsed {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_map(DocVisitor)
    }
}

struct DocVisitor;

enum Part<T> {
    None,
    Typed(T),
    Generic(Value),
}

impl<T> Part<T> {
    fn resolve<E: de::Error>(self, field: &str) -> Result<Option<T>, E>
    where
        T: de::DeserializeOwned,
    {
        match self {
            Part::None => Ok(None),
            Part::Typed(t) => Ok(Some(t)),
            Part::Generic(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| E::custom(format!("{field}: {e}"))),
        }
    }

    fn generic(self) -> Option<Value> {
        match self {
            Part::Generic(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unknown,
    Node,
    DaemonSet,
    Pod,
    Other,
}

fn classify(kind: &str) -> Kind {
    match kind {
        "Node" => Kind::Node,
        "DaemonSet" => Kind::DaemonSet,
        "Pod" => Kind::Pod,
        _ => Kind::Other,
    }
}

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Kubernetes object (a mapping with apiVersion, kind, metadata...)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut kind_name: Option<String> = None;
        let mut kind = Kind::Unknown;
        let mut metadata: Part<ObjectMeta> = Part::None;
        let mut node_spec: Part<NodeSpec> = Part::None;
        let mut ds_spec: Part<DaemonSetSpec> = Part::None;
        let mut status: Part<NodeStatus> = Part::None;
        let mut items: Option<Vec<Parsed>> = None;

        while let Some(key) = map.next_key::<KeyName>()? {
            match key {
                KeyName::Kind => {
                    let k: String = map.next_value()?;
                    kind = classify(&k);
                    kind_name = Some(k);
                }
                KeyName::Metadata => {
                    metadata = match kind {
                        Kind::Other => {
                            // Still read the name, for the "skipped" list; tolerate odd shapes.
                            let v: Value = map.next_value()?;
                            Part::Generic(v)
                        }
                        Kind::Unknown | Kind::Pod => Part::Generic(map.next_value()?),
                        _ => Part::Typed(map.next_value()?),
                    }
                }
                KeyName::Spec => match kind {
                    Kind::Node => node_spec = Part::Typed(nullable_value(&mut map)?),
                    Kind::DaemonSet => ds_spec = Part::Typed(nullable_value(&mut map)?),
                    Kind::Other => {
                        map.next_value::<IgnoredAny>()?;
                    }
                    Kind::Unknown | Kind::Pod => {
                        let v: Value = map.next_value()?;
                        node_spec = Part::Generic(v);
                    }
                },
                KeyName::Status => match kind {
                    Kind::Node => status = Part::Typed(nullable_value(&mut map)?),
                    Kind::Unknown | Kind::Pod => status = Part::Generic(map.next_value()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
                KeyName::Items => items = Some(nullable_value(&mut map)?),
                KeyName::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }

        // The spec seen before the kind was kept generic in `node_spec`; give it to the right type.
        if kind == Kind::DaemonSet
            && let Part::Generic(v) = std::mem::replace(&mut node_spec, Part::None)
        {
            ds_spec = Part::Generic(v);
        }

        match (kind, kind_name) {
            (Kind::Node, _) => Ok(Parsed::Node(Box::new(Node {
                metadata: metadata.resolve("metadata")?.unwrap_or_default(),
                spec: node_spec.resolve("spec")?.unwrap_or_default(),
                status: status.resolve("status")?.unwrap_or_default(),
            }))),
            (Kind::DaemonSet, _) => Ok(Parsed::DaemonSet(Box::new(DaemonSet {
                metadata: metadata.resolve("metadata")?.unwrap_or_default(),
                spec: ds_spec.resolve("spec")?.unwrap_or_default(),
            }))),
            (Kind::Pod, _) => Ok(Parsed::Pod(Box::new(Untyped {
                metadata: metadata.generic(),
                spec: node_spec.generic(),
                status: status.generic(),
            }))),
            (Kind::Other, Some(k)) if items.is_some() || k.ends_with("List") => Ok(Parsed::List {
                kind: k,
                items: items.unwrap_or_default(),
            }),
            (Kind::Other, Some(k)) => {
                let name = metadata
                    .generic()
                    .and_then(|m| m.get("name").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_default();
                Ok(Parsed::Other { kind: k, name })
            }
            (_, _) => match items {
                // A bare `items:` document without a kind: treat as a List.
                Some(items) => Ok(Parsed::List {
                    kind: String::new(),
                    items,
                }),
                None => Ok(Parsed::Untyped(Box::new(Untyped {
                    metadata: metadata.generic(),
                    spec: node_spec.generic(),
                    status: status.generic(),
                }))),
            },
        }
    }
}

/// Reads a value where `null` means "absent".
fn nullable_value<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
    map: &mut A,
) -> Result<T, A::Error> {
    Ok(map.next_value::<Option<T>>()?.unwrap_or_default())
}

/// The top-level keys that matter, recognised without allocating.
enum KeyName {
    Kind,
    Metadata,
    Spec,
    Status,
    Items,
    Other,
}

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
                Ok(match v {
                    "kind" => KeyName::Kind,
                    "metadata" => KeyName::Metadata,
                    "spec" => KeyName::Spec,
                    "status" => KeyName::Status,
                    "items" => KeyName::Items,
                    _ => KeyName::Other,
                })
            }
            // YAML keys may be numbers or booleans; they are never the fields we want.
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<KeyName, E> {
                Ok(KeyName::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<KeyName, E> {
                Ok(KeyName::Other)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<KeyName, E> {
                Ok(KeyName::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<KeyName, E> {
                Ok(KeyName::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyName, E> {
                Ok(KeyName::Other)
            }
        }
        de.deserialize_identifier(V)
    }
}
