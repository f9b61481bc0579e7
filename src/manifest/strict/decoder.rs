//! The API server's strict decoding, over a positioned tree: the object is decoded into the
//! Kubernetes API's own types (k8s-openapi, generated from the OpenAPI spec), and every field
//! those types do not have, every field given twice and every value of the wrong JSON type is
//! a problem with its path and position. Nothing stops at the first problem: a wrong value is
//! noted and decoding goes on with an empty one, so one run lists them all.

use super::tree::{Node, Pos, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// One thing the API server's decoding would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Pos,
    /// The field's path as the API server writes it: `spec.template.spec.containers[0].name`.
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A field the type does not have; the known field it most likely meant, or where it
    /// belongs.
    UnknownField {
        hint: Option<String>,
    },
    DuplicateField,
    /// A value of the wrong JSON type: what the field takes, and what was written.
    WrongType {
        expected: &'static str,
        got: String,
        hint: Option<&'static str>,
    },
    /// A value the type refuses otherwise (an integer out of range).
    Invalid(String),
}

impl Problem {
    /// Is this a strict field-validation problem (unknown or duplicate field), which
    /// `--validate=warn|ignore` lets through as kubectl does? Wrong types never pass.
    pub fn is_field_validation(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::UnknownField { .. } | ProblemKind::DuplicateField
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ProblemKind::UnknownField { hint } => {
                write!(f, "unknown field {:?}", self.path)?;
                if let Some(hint) = hint {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            ProblemKind::DuplicateField => write!(f, "duplicate field {:?}", self.path),
            ProblemKind::WrongType {
                expected,
                got,
                hint,
            } => {
                write!(f, "{}: must be {expected}, not {got}", self.path)?;
                if let Some(hint) = hint {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            ProblemKind::Invalid(message) => write!(f, "{}: {message}", self.path),
        }
    }
}

/// Decodes `node` as `T` the way the API server would, returning every problem in file order.
pub fn decode<T: de::DeserializeOwned>(node: &Node) -> Vec<Problem> {
    let sink = RefCell::new(Vec::new());
    let cursor = Cursor {
        node,
        path: "",
        sink: &sink,
        lenient: false,
    };
    if let Err(e) = T::deserialize(cursor)
        && !e.recorded
    {
        sink.borrow_mut().push(Problem {
            at: node.at,
            path: String::new(),
            kind: ProblemKind::Invalid(e.message),
        });
    }
    let mut problems = sink.into_inner();
    problems.sort_by_key(|p| (p.at.line, p.at.column));
    problems
}

#[derive(Debug)]
pub struct DeError {
    message: String,
    /// Already noted as a problem where it happened (a value deeper in the tree).
    recorded: bool,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            recorded: false,
        }
    }
}

#[derive(Clone, Copy)]
struct Cursor<'a> {
    node: &'a Node,
    path: &'a str,
    sink: &'a RefCell<Vec<Problem>>,
    /// Reading kubectl's own output into kubedrill's types (manifest::parse), not checking a
    /// manifest: any field goes, and a plain scalar is the text it was written as where a
    /// string is wanted (a label value `08` stays "08"), as serde-saphyr reads it.
    lenient: bool,
}

// `path` is borrowed for the cursor's life; children build theirs in a `String` they own.
impl<'a> Cursor<'a> {
    fn note(&self, kind: ProblemKind) {
        self.sink.borrow_mut().push(Problem {
            at: self.node.at,
            path: self.path.to_owned(),
            kind,
        });
    }

    fn mismatch(&self, expected: &'static str) {
        let hint = match (&self.node.value, expected) {
            (Value::Bool(_) | Value::Int(_) | Value::Float(_), "a string") => {
                Some("quote it to make it a string")
            }
            (Value::Str(_), "a boolean" | "an integer" | "a number") => Some("remove the quotes"),
            _ => None,
        };
        self.note(ProblemKind::WrongType {
            expected,
            got: describe(self.node),
            hint,
        });
    }

    /// A visitor's own refusal (an integer out of range), noted here once, in words.
    fn wrap<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut e| {
            if !e.recorded {
                let words = if e.message.contains("expected i32")
                    || e.message.contains("a 32-bit integer")
                {
                    format!(
                        "must be an integer from -2147483648 to 2147483647, not {}",
                        self.node.raw
                    )
                } else if e.message.starts_with("invalid value: integer") {
                    format!("the number {} is out of range here", self.node.raw)
                } else {
                    e.message.clone()
                };
                self.note(ProblemKind::Invalid(words));
                e.recorded = true;
            }
            e
        })
    }
}

/// Reads `node` into `T` the way serde-saphyr would have, had the kind been known: the first
/// problem, if any, as `path: message`.
pub fn read<T: de::DeserializeOwned>(node: &Node) -> Result<T, String> {
    let sink = RefCell::new(Vec::new());
    let cursor = Cursor {
        node,
        path: "",
        sink: &sink,
        lenient: true,
    };
    let value = T::deserialize(cursor);
    let problems = sink.into_inner();
    match (value, problems.first()) {
        (Ok(v), None) => Ok(v),
        (_, Some(p)) => Err(p.to_string()),
        (Err(e), None) => Err(e.message),
    }
}

fn describe(node: &Node) -> String {
    node.describe()
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The field a misspelled one most likely meant: the same letters in another case, or the
/// nearest by edit distance (at most a third of its length, and 2 at least).
fn did_you_mean(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    if let Some(same) = fields.iter().find(|f| f.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    let limit = (key.chars().count() / 3).max(2);
    fields
        .iter()
        .map(|f| {
            (
                crate::edit_distance::levenshtein(
                    &key.to_ascii_lowercase(),
                    &f.to_ascii_lowercase(),
                ),
                *f,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Fields people put in a DaemonSet's `spec` that belong to its pod template's spec.
const POD_FIELDS: &[&str] = &[
    "affinity",
    "containers",
    "dnsPolicy",
    "hostNetwork",
    "hostPID",
    "imagePullSecrets",
    "initContainers",
    "nodeName",
    "nodeSelector",
    "priorityClassName",
    "securityContext",
    "serviceAccountName",
    "tolerations",
    "volumes",
];

/// Why an unknown field is there, when it is a known mistake rather than a typo.
fn misplaced(path: &str, key: &str, fields: &[&'static str]) -> Option<String> {
    let is_daemonset_spec = path == "spec" && fields.contains(&"updateStrategy");
    if is_daemonset_spec && key == "replicas" {
        return Some(
            "a DaemonSet has no replicas: it runs one pod on every node it selects".into(),
        );
    }
    // §17.8: `strategy` is the Deployment's name for it; a DaemonSet's is `updateStrategy`,
    // which edit distance alone would not suggest (too far from "strategy").
    if is_daemonset_spec && (key == "strategy" || key == "progressDeadlineSeconds") {
        return Some(match key {
            "strategy" => "a Deployment field: a DaemonSet's is updateStrategy".into(),
            _ => "a Deployment field: a DaemonSet has no progress deadline".into(),
        });
    }
    if is_daemonset_spec && POD_FIELDS.contains(&key) {
        return Some(format!("it belongs in spec.template.spec.{key}"));
    }
    did_you_mean(key, fields).map(|f| format!("did you mean {f}?"))
}

struct Entries<'a> {
    entries: std::slice::Iter<'a, (super::tree::Key, Node)>,
    path: &'a str,
    /// The struct's fields, or `None` for a map (labels, nodeSelector), which takes any key.
    fields: Option<&'static [&'static str]>,
    seen: HashSet<&'a str>,
    value: Option<(&'a Node, String)>,
    sink: &'a RefCell<Vec<Problem>>,
    lenient: bool,
}

impl<'de, 'a> MapAccess<'de> for Entries<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for (key, value) in self.entries.by_ref() {
            let path = child(self.path, &key.text);
            let note = |kind| {
                self.sink.borrow_mut().push(Problem {
                    at: key.at,
                    path: path.clone(),
                    kind,
                })
            };
            if !self.seen.insert(key.text.as_str()) && !self.lenient {
                note(ProblemKind::DuplicateField);
                continue;
            }
            if let Some(fields) = self.fields.filter(|_| !self.lenient)
                && !fields.contains(&key.text.as_str())
            {
                note(ProblemKind::UnknownField {
                    hint: misplaced(self.path, &key.text, fields),
                });
                continue;
            }
            self.value = Some((value, path));
            let key: de::value::StrDeserializer<'_, DeError> =
                key.text.as_str().into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (node, path) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without its key"))?;
        seed.deserialize(Cursor {
            node,
            path: &path,
            sink: self.sink,
            lenient: self.lenient,
        })
    }
}

struct Items<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Node>>,
    path: &'a str,
    sink: &'a RefCell<Vec<Problem>>,
    lenient: bool,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some((i, node)) = self.items.next() else {
            return Ok(None);
        };
        let path = format!("{}[{i}]", self.path);
        seed.deserialize(Cursor {
            node,
            path: &path,
            sink: self.sink,
            lenient: self.lenient,
        })
        .map(Some)
    }
}

const NO_NODES: &[Node] = &[];
const NO_ENTRIES: &[(super::tree::Key, Node)] = &[];

impl<'a> Cursor<'a> {
    fn entries(&self, fields: Option<&'static [&'static str]>) -> Entries<'a> {
        let entries = match &self.node.value {
            Value::Map(entries) => entries.as_slice(),
            _ => NO_ENTRIES,
        };
        Entries {
            entries: entries.iter(),
            path: self.path,
            fields,
            seen: HashSet::new(),
            value: None,
            sink: self.sink,
            lenient: self.lenient,
        }
    }

    fn items(&self) -> Items<'a> {
        let items = match &self.node.value {
            Value::Seq(items) => items.as_slice(),
            _ => NO_NODES,
        };
        Items {
            items: items.iter().enumerate(),
            path: self.path,
            sink: self.sink,
            lenient: self.lenient,
        }
    }
}

impl<'de> de::Deserializer<'de> for Cursor<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) => visitor.visit_str(s),
            Value::Seq(_) => visitor.visit_seq(self.items()),
            Value::Map(_) => visitor.visit_map(self.entries(None)),
        };
        self.wrap(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = match &self.node.value {
            Value::Bool(b) => *b,
            // JSON null leaves a Go field at its zero value.
            Value::Null => false,
            _ => {
                self.mismatch("a boolean");
                false
            }
        };
        self.wrap(visitor.visit_bool(value))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = match &self.node.value {
            Value::Int(i) => *i,
            Value::Null => 0,
            _ => {
                self.mismatch("an integer");
                0
            }
        };
        self.wrap(visitor.visit_i64(value))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = match &self.node.value {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            Value::Null => 0.0,
            _ => {
                self.mismatch("a number");
                0.0
            }
        };
        self.wrap(visitor.visit_f64(value))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = match &self.node.value {
            Value::Str(s) => s.as_str(),
            Value::Null => "",
            Value::Bool(_) | Value::Int(_) | Value::Float(_) if self.lenient => &self.node.raw,
            _ => {
                self.mismatch("a string");
                ""
            }
        };
        self.wrap(visitor.visit_str(value))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Null => self.wrap(visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.wrap(visitor.visit_unit())
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if !matches!(self.node.value, Value::Seq(_) | Value::Null) {
            self.mismatch("a list");
        }
        self.wrap(visitor.visit_seq(self.items()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if !matches!(self.node.value, Value::Map(_) | Value::Null) {
            self.mismatch("a mapping");
        }
        self.wrap(visitor.visit_map(self.entries(None)))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if !matches!(self.node.value, Value::Map(_) | Value::Null) {
            self.mismatch("a mapping");
        }
        self.wrap(visitor.visit_map(self.entries(Some(fields))))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.wrap(visitor.visit_str(&self.node.raw))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    // Every integer width is checked as one: the visitor refuses what does not fit its width.
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }
}
