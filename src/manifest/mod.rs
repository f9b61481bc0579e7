//! Reading real Kubernetes manifests (`kubectl get nodes -o yaml|json`, vendor DaemonSet files)
//! into the placement model. Pure: the caller reads the bytes; errors name the source, line and
//! column.

mod document;
mod error;
pub mod strict;
mod yaml_fast;

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

/// UTF-16 or UTF-32 text that starts with a byte-order mark (what PowerShell's `>` writes),
/// decoded to UTF-8 as kubectl does; `None` for anything else (UTF-8 is used as it is, and
/// text that does not decode is left for the parser to refuse).
pub fn decode_bom(bytes: &[u8]) -> Option<Vec<u8>> {
    let units = |width: usize, big: bool, body: &[u8]| -> Option<String> {
        let words = body.chunks_exact(width).map(|c| {
            let mut v = 0u32;
            for (i, b) in c.iter().enumerate() {
                let shift = if big { width - 1 - i } else { i } * 8;
                v |= u32::from(*b) << shift;
            }
            v
        });
        if width == 2 {
            let u16s: Vec<u16> = words.map(|w| w as u16).collect();
            String::from_utf16(&u16s).ok()
        } else {
            words.map(char::from_u32).collect()
        }
    };
    // UTF-32 first: its little-endian mark starts like UTF-16's.
    let decoded = match bytes {
        [0xFF, 0xFE, 0, 0, rest @ ..] => units(4, false, rest),
        [0, 0, 0xFE, 0xFF, rest @ ..] => units(4, true, rest),
        [0xFF, 0xFE, rest @ ..] => units(2, false, rest),
        [0xFE, 0xFF, rest @ ..] => units(2, true, rest),
        _ => None,
    };
    decoded.map(String::into_bytes)
}

/// Parses a manifest: a single object, a `List`/`NodeList`/`DaemonSetList`, a multi-document
/// YAML stream, or a stream of JSON values. `source` names the input in errors.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    parse_with(source, bytes, Reader::Fast)
}

/// `parse` with serde-saphyr alone, never the fast reader: what the fast reader must agree
/// with (the differential tests and benchmarks compare the two).
#[doc(hidden)]
pub fn parse_without_fast_reader(source: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    parse_with(source, bytes, Reader::Full)
}

/// Where the fast YAML reader steps aside for `text` (`yaml_fast.rs:LINE`), or `None` when it
/// reads it: for tests and benchmarks that must know which reader answered.
#[doc(hidden)]
pub fn fast_reader_declines(text: &str) -> Option<&'static str> {
    yaml_fast::documents(text).err().map(|d| d.0)
}

/// Which YAML reader `parse_with` uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The fast reader, then serde-saphyr if it steps aside (nodes).
    Fast,
    /// serde-saphyr only.
    Full,
    /// serde-saphyr only, a repeated field read past (DaemonSets and Pods).
    LastWins,
}

/// As `parse`, for DaemonSets and Pods: a field given twice is read past, the later value
/// winning as in the API server's JSON decoding, since the strict check (manifest::strict) is
/// the one to report it. Nodes keep `parse`: this costs the YAML reader a quarter more time.
pub fn parse_objects(source: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    parse_with(source, bytes, Reader::LastWins)
}

fn parse_with(source: &str, bytes: &[u8], reader: Reader) -> Result<Manifest, ManifestError> {
    let last_wins = reader == Reader::LastWins;
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
    if looks_like_a_table(text) {
        return Err(ManifestError::Unplaced {
            source_name: source.to_owned(),
            message: "this is kubectl's table output, which has no labels or taints; save the objects themselves with kubectl get nodes -o yaml (or -o json)".into(),
        });
    }
    let docs = match detect(text.as_bytes()) {
        Format::Json => match parse_json(source, text) {
            Ok(docs) => docs,
            // `{kind: Node}` is YAML flow style; only if YAML fails too is the JSON error shown.
            Err(json_err) => parse_yaml(source, text, last_wins).map_err(|_| json_err)?,
        },
        // Nodes (`kubectl get nodes -o yaml`) first try the fast reader, which steps aside for
        // anything it is not sure of (yaml_fast.rs).
        Format::Yaml if reader == Reader::Fast => match yaml_fast::documents(text) {
            Ok(docs) => docs,
            Err(yaml_fast::Declined(_)) => parse_yaml(source, text, last_wins)?,
        },
        Format::Yaml => parse_yaml(source, text, last_wins)?,
    };
    let mut manifest = Manifest::default();
    // Items without a kind (a NodeList read from the API) are read again from the positioned
    // tree, once the list's kind is known: it keeps each scalar as written, where a generic
    // value would have turned a label `08` into the number 8.
    let trees = std::cell::LazyCell::new(|| {
        strict::documents(text, (text.len() / 2).max(250_000)).unwrap_or_default()
    });
    for (i, doc) in docs.into_iter().enumerate() {
        let place = format!("document {}", i + 1);
        let at = Tree {
            trees: &trees,
            doc: i,
            item: None,
        };
        collect(source, &place, doc, None, at, &mut manifest)?;
    }
    Ok(manifest)
}

/// `kubectl get nodes` without `-o`: a header of capitalised column names (`NAME STATUS ROLES
/// AGE VERSION`), which YAML would read as one long string.
fn looks_like_a_table(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let columns: Vec<&str> = first.split_whitespace().collect();
    columns.first() == Some(&"NAME")
        && columns.len() >= 2
        && columns
            .iter()
            .all(|c| c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '-'))
}

fn parse_json(source: &str, text: &str) -> Result<Vec<Parsed>, ManifestError> {
    let mut docs = Vec::new();
    for doc in serde_json::Deserializer::from_str(text).into_iter::<Parsed>() {
        docs.push(doc.map_err(|e| ManifestError::from_json(source, &e))?);
    }
    Ok(docs)
}

fn parse_yaml(source: &str, text: &str, last_wins: bool) -> Result<Vec<Parsed>, ManifestError> {
    // Empty documents (`---` with only comments) are skipped by serde-saphyr; errors carry the
    // line and column in the whole stream.
    serde_saphyr::from_str_multiple_with_options::<Parsed, Vec<Parsed>>(
        text,
        yaml_options(text.len(), last_wins),
    )
    .map_err(|e| ManifestError::from_yaml(source, &e, text))
}

/// serde-saphyr's budgets, scaled with the input instead of switched off: the defaults (250,000
/// YAML nodes, 1,000,000 events) reject a real 5,000-node `kubectl get nodes -o yaml`, yet an
/// alias bomb must still fail fast. Every limit below grows at most linearly with the bytes
/// actually given, so expansion through aliases stays bounded by the input's size.
fn yaml_options(len: usize, last_wins: bool) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_events = budget.max_events.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget.max_documents = budget.max_documents.max(len / 64);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    if last_wins {
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    }
    options.with_snippet = false;
    options
}

/// Where a parsed object sits in the positioned trees (built only if asked for).
#[derive(Clone, Copy)]
struct Tree<'t, F: FnOnce() -> Vec<strict::Node>> {
    trees: &'t std::cell::LazyCell<Vec<strict::Node>, F>,
    doc: usize,
    item: Option<usize>,
}

impl<F: FnOnce() -> Vec<strict::Node>> Tree<'_, F> {
    fn node(&self) -> Option<&strict::Node> {
        let doc = self.trees.get(self.doc)?;
        match self.item {
            Some(i) => strict::item(doc, i),
            None => Some(doc),
        }
    }

    /// A kind-less item read as `T`.
    fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        match self.node() {
            Some(node) => strict::read(node),
            None => Err("the object cannot be read again".into()),
        }
    }
}

/// Flattens a parsed document into the manifest, checking names.
fn collect<F: FnOnce() -> Vec<strict::Node>>(
    source: &str,
    place: &str,
    doc: Parsed,
    list_kind: Option<&str>,
    at: Tree<'_, F>,
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
                let at = Tree {
                    item: Some(i),
                    ..at
                };
                collect(source, &place, item, Some(&kind), at, out)?;
            }
        }
        Parsed::Other { kind, name } => out.skipped.push(format!("{kind}/{name}")),
        Parsed::Untyped(parts) => {
            // Items of a NodeList read straight from the API carry no kind of their own.
            let typed = match list_kind {
                Some("NodeList") => Parsed::Node(Box::new(at.read().map_err(invalid)?)),
                Some("DaemonSetList") => Parsed::DaemonSet(Box::new(at.read().map_err(invalid)?)),
                Some("PodList") => Parsed::Pod(parts),
                _ => {
                    return Err(invalid(
                        "the object has no `kind` (expected Node, DaemonSet, Pod or a List of them)"
                            .into(),
                    ));
                }
            };
            collect(source, place, typed, None, at, out)?;
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
