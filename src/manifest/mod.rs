//! Reading real Kubernetes manifests (`kubectl get nodes -o yaml|json`, vendor DaemonSet files)
//! into the placement model. Pure: the caller reads the bytes; errors name the source, line and
//! column.

mod document;
mod error;
pub mod strict;

pub use error::ManifestError;

use crate::placement::objects::{DaemonSet, Node, Pod};
use document::{Parsed, Untyped};
use serde::Deserialize;

/// Everything of interest in one manifest file.
#[derive(Debug, Default)]
pub struct Manifest {
    pub nodes: Vec<Node>,
    pub daemonsets: Vec<DaemonSet>,
    /// Pods (`kubectl get pods -A -o yaml`), for the scheduler stage.
    pub pods: Vec<Pod>,
    /// `Kind/name` of every object of another kind, skipped.
    pub skipped: Vec<String>,
}

/// The format, detected from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// JSON when the first meaningful byte opens an object or array; YAML otherwise (YAML is a
/// superset of JSON, but serde_json is faster and its errors are sharper for JSON input).
pub fn detect(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | Some(b'[') => Format::Json,
        _ => Format::Yaml,
    }
}

/// Parses a manifest: a single object, a `List`/`NodeList`/`DaemonSetList`, a multi-document
/// YAML stream, or a stream of JSON values. `source` names the input in errors.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ManifestError::NotUtf8 {
        source_name: source.to_owned(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ManifestError::Empty {
            source_name: source.to_owned(),
        });
    }
    let docs = match detect(text.as_bytes()) {
        Format::Json => match parse_json(source, text) {
            Ok(docs) => docs,
            // `{kind: Node}` is YAML flow style; only if YAML fails too is the JSON error shown.
            Err(json_err) => parse_yaml(source, text).map_err(|_| json_err)?,
        },
        Format::Yaml => parse_yaml(source, text)?,
    };
    let mut manifest = Manifest::default();
    for (i, doc) in docs.into_iter().enumerate() {
        let place = format!("document {}", i + 1);
        collect(source, &place, doc, None, &mut manifest)?;
    }
    Ok(manifest)
}

fn parse_json(source: &str, text: &str) -> Result<Vec<Parsed>, ManifestError> {
    let mut docs = Vec::new();
    for doc in serde_json::Deserializer::from_str(text).into_iter::<Parsed>() {
        docs.push(doc.map_err(|e| ManifestError::from_json(source, &e))?);
    }
    Ok(docs)
}

fn parse_yaml(source: &str, text: &str) -> Result<Vec<Parsed>, ManifestError> {
    // Empty documents (`---` with only comments) are skipped by serde-saphyr; errors carry the
    // line and column in the whole stream.
    serde_saphyr::from_str_multiple_with_options::<Parsed, Vec<Parsed>>(
        text,
        yaml_options(text.len()),
    )
    .map_err(|e| ManifestError::from_yaml(source, &e))
}

/// serde-saphyr's budgets, scaled with the input instead of switched off: the defaults (250,000
/// YAML nodes, 1,000,000 events) reject a real 5,000-node `kubectl get nodes -o yaml`, yet an
/// alias bomb must still fail fast. Every limit below grows at most linearly with the bytes
/// actually given, so expansion through aliases stays bounded by the input's size.
fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_events = budget.max_events.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget.max_documents = budget.max_documents.max(len / 64);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // A key given twice is the strict check's to report (manifest::strict), in the API's words;
    // read past it, the later value winning as in the API server's JSON decoding.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options.with_snippet = false;
    options
}

/// Flattens a parsed document into the manifest, checking names.
fn collect(
    source: &str,
    place: &str,
    doc: Parsed,
    list_kind: Option<&str>,
    out: &mut Manifest,
) -> Result<(), ManifestError> {
    let invalid = |message: String| ManifestError::Invalid {
        source_name: source.to_owned(),
        place: place.to_owned(),
        message,
    };
    match doc {
        Parsed::Node(node) => {
            if node.metadata.name.is_empty() {
                return Err(invalid("a Node has no metadata.name".into()));
            }
            out.nodes.push(*node);
        }
        Parsed::DaemonSet(ds) => {
            if ds.metadata.name.is_empty() {
                return Err(invalid("a DaemonSet has no metadata.name".into()));
            }
            out.daemonsets.push(*ds);
        }
        Parsed::Pod(parts) => {
            let pod: Pod = untyped_into(&parts).map_err(invalid)?;
            if pod.metadata.name.is_empty() {
                return Err(invalid("a Pod has no metadata.name".into()));
            }
            out.pods.push(pod);
        }
        Parsed::List { kind, items } => {
            for (i, item) in items.into_iter().enumerate() {
                let place = format!("{place}, items[{i}]");
                collect(source, &place, item, Some(&kind), out)?;
            }
        }
        Parsed::Other { kind, name } => out.skipped.push(format!("{kind}/{name}")),
        Parsed::Untyped(parts) => {
            // Items of a NodeList read straight from the API carry no kind of their own.
            let typed = match list_kind {
                Some("NodeList") => Parsed::Node(Box::new(untyped_into(&parts).map_err(invalid)?)),
                Some("DaemonSetList") => {
                    Parsed::DaemonSet(Box::new(untyped_into(&parts).map_err(invalid)?))
                }
                Some("PodList") => Parsed::Pod(parts),
                _ => {
                    return Err(invalid(
                        "the object has no `kind` (expected Node, DaemonSet, Pod or a List of them)"
                            .into(),
                    ));
                }
            };
            collect(source, place, typed, None, out)?;
        }
    }
    Ok(())
}

/// Rebuilds a kind-less object from its generic parts.
fn untyped_into<T: for<'de> Deserialize<'de>>(parts: &Untyped) -> Result<T, String> {
    let mut obj = serde_json::Map::new();
    for (key, part) in [
        ("metadata", &parts.metadata),
        ("spec", &parts.spec),
        ("status", &parts.status),
    ] {
        if let Some(v) = part {
            obj.insert(key.to_owned(), v.clone());
        }
    }
    serde_json::from_value(serde_json::Value::Object(obj)).map_err(|e| e.to_string())
}
