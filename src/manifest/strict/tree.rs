//! A YAML (or JSON) document as kubectl reads it, with the line and column of every value: the
//! strict check needs both, which the typed reader (serde-saphyr, for speed) does not keep.
//!
//! Scalars are resolved as `kubectl apply` resolves them: sigs.k8s.io/yaml turns YAML into JSON
//! with go-yaml v2's YAML 1.1 rules, so an unquoted `yes`, `on` or `y` is a boolean, `0755` an
//! octal integer and `1.20` the number 1.2, while anything quoted (or a block scalar) is a
//! string. The API server then decodes that JSON strictly: a number where a string belongs is
//! refused, which is why kubedrill must know what was quoted.

use granit_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Where a value starts in the file: line and column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order; keys as text (JSON has no other keys).
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub at: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Pos,
    /// The scalar as written (`1.20`, `yes`), for messages; empty for collections.
    pub raw: String,
    pub value: Value,
}

impl Node {
    /// The value as a message names it: `the string "true"`, `the number 1.20`, `a list`.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null (nothing after the colon)".into(),
            Value::Bool(_) => format!("the boolean {}", self.raw),
            Value::Int(_) | Value::Float(_) => format!("the number {}", self.raw),
            Value::Str(s) => format!("the string {s:?}"),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

/// The field path (`metadata.labels`, `spec.taints[0].key`) of the value that starts at `at`
/// in any of `docs`, and the value: what a parser's position means to a user.
pub fn path_at(docs: &[Node], at: Pos) -> Option<(String, &Node)> {
    fn walk(node: &Node, path: String, at: Pos) -> Option<(String, &Node)> {
        if node.at == at && !path.is_empty() {
            return Some((path, node));
        }
        match &node.value {
            Value::Map(entries) => entries.iter().find_map(|(k, v)| {
                let child = if path.is_empty() {
                    k.text.clone()
                } else {
                    format!("{path}.{}", k.text)
                };
                if k.at == at {
                    return Some((child, v));
                }
                walk(v, child, at)
            }),
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, format!("{path}[{i}]"), at)),
            _ => None,
        }
    }
    docs.iter().find_map(|d| walk(d, String::new(), at))
}

/// Why a document could not be read: a YAML syntax error (the typed reader reports those
/// first, so this is rare) or an alias expansion past the budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    pub at: Pos,
    pub message: String,
}

/// Each document of a YAML stream (or JSON values), as trees. `budget` bounds the nodes built,
/// aliases expanded included, so an alias bomb stops early.
pub fn documents(text: &str, budget: usize) -> Result<Vec<Node>, TreeError> {
    // A JSON stream is YAML flow syntax, and reads the same way.
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        built: 0,
        budget,
    };
    let mut docs = Vec::new();
    loop {
        let Some((event, span)) = builder.next()? else {
            return Ok(docs);
        };
        match event {
            Event::StreamStart => {}
            Event::DocumentStart(..) => {
                builder.anchors.clear();
                if let Some(node) = builder.document()? {
                    docs.push(node);
                }
            }
            Event::StreamEnd => return Ok(docs),
            _ => {
                return Err(TreeError {
                    at: pos(&span),
                    message: "unexpected YAML structure".into(),
                });
            }
        }
    }
}

struct Builder<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    built: usize,
    budget: usize,
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, TreeError> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok(pair)) => Ok(Some(pair)),
            Some(Err(e)) => Err(TreeError {
                at: Pos {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                },
                message: e.info(),
            }),
        }
    }

    fn count(&mut self, n: usize, at: Pos) -> Result<(), TreeError> {
        self.built = self.built.saturating_add(n);
        if self.built > self.budget {
            return Err(TreeError {
                at,
                message: format!(
                    "the document expands to more than {} values (aliases repeated over and over?)",
                    self.budget
                ),
            });
        }
        Ok(())
    }

    /// A document's root (or `None` for an empty document), through its DocumentEnd.
    fn document(&mut self) -> Result<Option<Node>, TreeError> {
        let mut root = None;
        loop {
            let Some((event, span)) = self.next()? else {
                return Ok(root);
            };
            match event {
                Event::DocumentEnd => return Ok(root),
                event => root = Some(self.node(event, span)?),
            }
        }
    }

    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Node, TreeError> {
        let at = pos(&span);
        self.count(1, at)?;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                // `!!str`, `!!int`…: the core schema's tags decide over the scalar's look.
                let tag = tag.and_then(|t| t.core_suffix().map(str::to_owned));
                let value = resolve(&text, style, tag.as_deref());
                (
                    Node {
                        at,
                        raw: text.into_owned(),
                        value,
                    },
                    anchor,
                )
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                while let Some((event, span)) = self.next()? {
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, span)?);
                }
                (
                    Node {
                        at,
                        raw: String::new(),
                        value: Value::Seq(items),
                    },
                    anchor,
                )
            }
            Event::MappingStart(_, anchor, _) => (self.mapping(at)?, anchor),
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Err(TreeError {
                        at,
                        message: "an alias names no anchor".into(),
                    });
                };
                self.count(size(&target), at)?;
                return Ok(target);
            }
            _ => {
                return Err(TreeError {
                    at,
                    message: "unexpected YAML structure".into(),
                });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    fn mapping(&mut self, at: Pos) -> Result<Node, TreeError> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut merged: Vec<(Key, Node)> = Vec::new();
        while let Some((event, span)) = self.next()? {
            if matches!(event, Event::MappingEnd) {
                break;
            }
            let key = self.node(event, span)?;
            let Some((event, span)) = self.next()? else {
                break;
            };
            let value = self.node(event, span)?;
            // `<<: *defaults` merges a mapping (or a list of them) in, as go-yaml does: keys
            // written in the mapping itself win.
            if key.raw == "<<" && matches!(key.value, Value::Str(_)) {
                let sources = match value.value {
                    Value::Seq(items) => items,
                    other => vec![Node {
                        value: other,
                        ..value
                    }],
                };
                for source in sources {
                    if let Value::Map(kv) = source.value {
                        merged.extend(kv);
                    }
                }
                continue;
            }
            let text = match &key.value {
                Value::Str(s) => s.clone(),
                _ => key.raw.clone(),
            };
            entries.push((Key { text, at: key.at }, value));
        }
        for (k, v) in merged {
            if !entries.iter().any(|(e, _)| e.text == k.text) {
                entries.push((k, v));
            }
        }
        Ok(Node {
            at,
            raw: String::new(),
            value: Value::Map(entries),
        })
    }
}

/// How many values a (copied) node holds.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| 1 + size(v)).sum(),
        _ => 0,
    }
}

/// A scalar's value as sigs.k8s.io/yaml (go-yaml v2) resolves it.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::Str(text.to_owned()),
        Some("null") => return Value::Null,
        Some("bool") => {
            if let Some(b) = boolean(text) {
                return Value::Bool(b);
            }
        }
        Some("int") => {
            if let Some(i) = integer(text) {
                return Value::Int(i);
            }
        }
        Some("float") => {
            if let Some(f) = float(text).or_else(|| integer(text).map(|i| i as f64)) {
                return Value::Float(f);
            }
        }
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_owned());
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = boolean(text) {
        return Value::Bool(b);
    }
    if let Some(i) = integer(text) {
        return Value::Int(i);
    }
    if let Some(f) = float(text) {
        return Value::Float(f);
    }
    Value::Str(text.to_owned())
}

/// go-yaml v2's booleans (YAML 1.1).
fn boolean(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

/// go-yaml v2's integers: decimal, `0x` hex, `0b` binary, a leading `0` octal, `_` between
/// digits.
fn integer(text: &str) -> Option<i64> {
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.strip_prefix('+').unwrap_or(&plain)),
    };
    if digits.is_empty() || text.starts_with('_') {
        return None;
    }
    let (radix, body) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(bin) = digits.strip_prefix("0b") {
        (2, bin)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// go-yaml v2's floats: `1.5`, `.5`, `1e3`, `-1.2E+3`, `.inf`, `.nan`.
fn float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    let has_digits =
        int.chars().any(|c| c.is_ascii_digit()) || frac.chars().any(|c| c.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if !has_digits || !digits(int) || !digits(frac) || !exponent_ok {
        return None;
    }
    text.replace('_', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = documents(text, 10_000).expect("parses");
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    fn get<'n>(node: &'n Node, key: &str) -> &'n Node {
        match &node.value {
            Value::Map(entries) => &entries.iter().find(|(k, _)| k.text == key).unwrap().1,
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn scalars_resolve_as_kubectl_does() {
        let doc = one(
            "a: yes\nb: 'yes'\nc: 1.20\nd: \"1\"\ne: 0755\nf: ~\ng: on\nh: 1_000\ni: text\nj: |\n  true\n",
        );
        assert_eq!(get(&doc, "a").value, Value::Bool(true));
        assert_eq!(get(&doc, "b").value, Value::Str("yes".into()));
        assert_eq!(get(&doc, "c").value, Value::Float(1.2));
        assert_eq!(get(&doc, "c").raw, "1.20");
        assert_eq!(get(&doc, "d").value, Value::Str("1".into()));
        assert_eq!(get(&doc, "e").value, Value::Int(0o755));
        assert_eq!(get(&doc, "f").value, Value::Null);
        assert_eq!(get(&doc, "g").value, Value::Bool(true));
        assert_eq!(get(&doc, "h").value, Value::Int(1000));
        assert_eq!(get(&doc, "i").value, Value::Str("text".into()));
        assert_eq!(get(&doc, "j").value, Value::Str("true\n".into()));
    }

    #[test]
    fn positions_are_the_values_own() {
        let doc = one("spec:\n  template:\n    nodeselector:\n      a: b\n");
        let template = get(get(&doc, "spec"), "template");
        let Value::Map(entries) = &template.value else {
            panic!()
        };
        assert_eq!(entries[0].0.at, Pos { line: 3, column: 5 });
    }

    #[test]
    fn json_reads_too_and_merges_and_aliases_resolve() {
        let doc = one(r#"{"a": [1, "2", true], "b": null}"#);
        assert!(matches!(&get(&doc, "a").value, Value::Seq(items) if items.len() == 3));
        let doc = one("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        let used = get(&doc, "use");
        assert_eq!(get(used, "x").value, Value::Int(1));
        assert_eq!(get(used, "y").value, Value::Int(3));
    }

    #[test]
    fn an_alias_bomb_stops_at_the_budget() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        let err = documents(bomb, 5_000).unwrap_err();
        assert!(err.message.contains("more than 5000 values"), "{err:?}");
    }
}
