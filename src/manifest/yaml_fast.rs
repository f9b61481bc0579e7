//! The fast YAML reader: a serde `Deserializer` straight on the event parser under serde-saphyr
//! (granit-parser), for the shape `kubectl get nodes -o yaml` prints. Subtrees nobody reads
//! (managedFields, images, annotations, nodeInfo...) are skipped event by event, building
//! nothing; the fields the engine reads go into their types, borrowing the text where it is
//! written plainly.
//!
//! It only ever answers what serde-saphyr would answer. Anything it is not sure of -- an
//! anchor, alias, tag or merge key, a plain scalar that YAML might resolve to something other
//! than the string asked for, a duplicate key, a syntax error, a budget crossed, a type that
//! does not fit -- makes it step aside (`Declined`), and the file is read again by
//! serde-saphyr, which gives its usual result or its usual file:line:col error.

use super::document::Parsed;
use granit_parser::{Event, Parser, ScalarStyle, StrInput};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

/// The fast reader stepped aside; the full reader decides.
/// It carries where it stepped aside (`yaml_fast.rs:LINE`), for tests and benchmarks.
#[derive(Debug)]
pub struct Declined(pub &'static str);

macro_rules! declined {
    () => {
        Declined(concat!(file!(), ":", line!()))
    };
}

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("declined")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        declined!()
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// serde-saphyr's budget limits (manifest::yaml_options), which the fast reader keeps under:
/// it steps aside well before any of them, so serde-saphyr is the one to report a breach.
struct Limits {
    events: usize,
    nodes: usize,
    documents: usize,
    scalar_bytes: usize,
    /// serde-saphyr's `max_depth`.
    depth: usize,
}

impl Limits {
    fn for_input(len: usize) -> Limits {
        // Nine tenths of each: the two readers need not count alike to the last event.
        let margin = |n: usize| n / 10 * 9;
        Limits {
            events: margin(1_000_000usize.max(len)),
            nodes: margin(250_000usize.max(len / 2)),
            documents: margin(1_024usize.max(len / 64)),
            scalar_bytes: margin((64usize << 20).max(len)),
            depth: 60,
        }
    }
}

/// Every document of `text`, or `Declined`.
pub fn documents(text: &str) -> Result<Vec<Parsed>> {
    let options = granit_parser::options! {
        // As serde-saphyr sets up its parser (Budget::parser_options).
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: 255,
        block_nesting_limit: granit_parser::Options::default().block_nesting_limit.max(65),
        emit_comments: false,
    };
    let mut events = Events {
        parser: Parser::with_options(StrInput::new(text), options),
        peeked: None,
        limits: Limits::for_input(text.len()),
        events: 0,
        nodes: 0,
        scalar_bytes: 0,
        depth: 0,
    };
    let mut docs = Vec::new();
    loop {
        match events.next()? {
            Event::StreamStart => {}
            Event::StreamEnd => return Ok(docs),
            Event::DocumentStart(..) => {
                if docs.len() >= events.limits.documents {
                    return Err(declined!());
                }
                // An empty document (only `---` or comments) is a plain empty scalar, which
                // serde-saphyr skips.
                if let Event::Scalar(text, ScalarStyle::Plain, 0, None) = events.peek()?
                    && text.is_empty()
                {
                    events.next()?;
                } else {
                    docs.push(Parsed::deserialize(&mut events)?);
                }
                match events.next()? {
                    Event::DocumentEnd => {}
                    _ => return Err(declined!()),
                }
            }
            _ => return Err(declined!()),
        }
    }
}

struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<Event<'a>>,
    limits: Limits,
    events: usize,
    nodes: usize,
    scalar_bytes: usize,
    /// Open collections.
    depth: usize,
}

impl<'a> Events<'a> {
    /// The next event; anything the fast reader does not take on is `Declined` here.
    fn next(&mut self) -> Result<Event<'a>> {
        if let Some(e) = self.peeked.take() {
            return Ok(e);
        }
        self.events += 1;
        if self.events > self.limits.events {
            return Err(declined!());
        }
        let event = match self.parser.next() {
            Some(Ok((event, _))) => event,
            _ => return Err(declined!()),
        };
        match &event {
            Event::Scalar(text, _, anchor, tag) => {
                if *anchor != 0 || tag.is_some() {
                    return Err(declined!());
                }
                self.nodes += 1;
                self.scalar_bytes += text.len();
                if self.nodes > self.limits.nodes || self.scalar_bytes > self.limits.scalar_bytes {
                    return Err(declined!());
                }
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag) => {
                if *anchor != 0 || tag.is_some() {
                    return Err(declined!());
                }
                self.nodes += 1;
                self.depth += 1;
                if self.nodes > self.limits.nodes || self.depth > self.limits.depth {
                    return Err(declined!());
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.depth -= 1,
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(..)
            | Event::DocumentEnd => {}
            // Aliases, anchors, comments: serde-saphyr's to read.
            _ => return Err(declined!()),
        }
        Ok(event)
    }

    fn peek(&mut self) -> Result<&Event<'a>> {
        if self.peeked.is_none() {
            let e = self.next()?;
            self.peeked = Some(e);
        }
        self.peeked.as_ref().ok_or(declined!())
    }

    /// Skips one value, whatever its size, building nothing; a mapping in it still may not
    /// repeat a key, as serde-saphyr refuses that anywhere.
    fn skip(&mut self) -> Result<()> {
        // One entry per open collection: for a mapping, its keys so far and whether a key is
        // expected next.
        let mut open: Vec<Option<(Vec<Cow<'a, str>>, bool)>> = Vec::new();
        loop {
            let event = self.next()?;
            let at_key = matches!(open.last(), Some(Some((_, true))));
            match event {
                Event::Scalar(text, style, ..) => {
                    if style == ScalarStyle::Plain && maybe_non_finite(&text) {
                        return Err(declined!());
                    }
                    if let Some(Some((keys, expect_key))) = open.last_mut() {
                        if *expect_key {
                            check_key(keys, text, style)?;
                        }
                        *expect_key = !*expect_key;
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) if at_key => {
                    // A collection as a key: serde-saphyr's to judge.
                    return Err(declined!());
                }
                Event::MappingStart(..) => open.push(Some((Vec::new(), true))),
                Event::SequenceStart(..) => open.push(None),
                Event::MappingEnd | Event::SequenceEnd => {
                    open.pop();
                    if let Some(Some((_, expect_key))) = open.last_mut() {
                        *expect_key = true;
                    }
                }
                _ => return Err(declined!()),
            }
            if open.is_empty() {
                return Ok(());
            }
        }
    }

    fn scalar(&mut self) -> Result<(Cow<'a, str>, ScalarStyle)> {
        match self.next()? {
            Event::Scalar(text, style, ..) => Ok((text, style)),
            _ => Err(declined!()),
        }
    }
}

/// A key of a mapping: a merge key or a repeated key is serde-saphyr's to handle.
fn check_key<'a>(
    keys: &mut Vec<Cow<'a, str>>,
    key: Cow<'a, str>,
    style: ScalarStyle,
) -> Result<()> {
    if style == ScalarStyle::Plain && key == "<<" {
        return Err(declined!());
    }
    if keys.contains(&key) {
        return Err(declined!());
    }
    keys.push(key);
    Ok(())
}

/// The plain scalars YAML reads as null (serde-saphyr's YAML 1.2 core schema, and the empty
/// value after a colon).
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar that serde-saphyr, asked for any value, reads as this very string: not a
/// null, boolean (YAML 1.1's `yes`/`on` included) or non-finite float word, and not something
/// made only of what a number can be written with (`08`, `0x1F`, `1_000`, `1:20`, `1e3`).
/// `7850m` and `29908740Ki` are strings; `4` and `0.5` are left to serde-saphyr.
fn is_plain_string(text: &str) -> bool {
    if is_null(text) {
        return false;
    }
    if text.len() <= 12 {
        let lower = text.to_ascii_lowercase();
        let word = lower.trim_start_matches(['+', '-']).trim_start_matches('.');
        if matches!(
            word,
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "inf" | "infinity" | "nan"
        ) {
            return false;
        }
    }
    let numeric = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO.+-:_".contains(&b));
    !numeric
}

/// A plain scalar that serde-saphyr, reading it as any value (which it does for what is
/// skipped too), might resolve to a non-finite float and refuse
/// (`reject_non_finite_typeless_float`): `.inf`, `-.NaN`, or a numeral that overflows, which
/// needs an exponent or some 300 digits.
fn maybe_non_finite(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    match t.as_bytes().first() {
        Some(b'.') => t.len() == 4 && matches!(t[1..].to_ascii_lowercase().as_str(), "inf" | "nan"),
        // What serde-saphyr's try_parse_float_incl_overflow takes as an overflow.
        Some(b) if b.is_ascii_digit() => {
            (t.len() > 300 || t.bytes().any(|b| b == b'e' || b == b'E'))
                && text.parse::<f64>().is_ok_and(f64::is_infinite)
        }
        _ => false,
    }
}

/// A scalar asked for as a string: serde-saphyr takes any scalar's text but a plain null
/// (`deserialize_str` refuses it: NullIntoString).
fn string_scalar(text: &str, style: ScalarStyle) -> Result<()> {
    match style {
        ScalarStyle::Plain if is_null(text) => Err(declined!()),
        _ => Ok(()),
    }
}

fn visit_text<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

impl<'de> Deserializer<'de> for &mut Events<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            Event::MappingStart(..) => self.deserialize_map(visitor),
            Event::SequenceStart(..) => self.deserialize_seq(visitor),
            _ => match self.scalar()? {
                (text, ScalarStyle::Plain) if !is_plain_string(&text) => Err(declined!()),
                (text, _) => visit_text(text, visitor),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (t, ScalarStyle::Plain) if t == "true" => visitor.visit_bool(true),
            (t, ScalarStyle::Plain) if t == "false" => visitor.visit_bool(false),
            _ => Err(declined!()),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (text, style) = self.scalar()?;
        string_scalar(&text, style)?;
        visit_text(text, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            Event::Scalar(text, ScalarStyle::Plain, ..) if is_null(text) => {
                self.next()?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (t, ScalarStyle::Plain) if is_null(&t) => visitor.visit_unit(),
            _ => Err(declined!()),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Event::SequenceStart(..) => visitor.visit_seq(Items { events: self }),
            _ => Err(declined!()),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Event::MappingStart(..) => visitor.visit_map(Entries {
                events: self,
                keys: Vec::new(),
            }),
            _ => Err(declined!()),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    // Numbers, characters, bytes, tuples and enums: nothing a Node reads is one, and how
    // YAML resolves them is serde-saphyr's business.
    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit_struct
        tuple tuple_struct enum
    }
}

struct Items<'e, 'de> {
    events: &'e mut Events<'de>,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if let Event::SequenceEnd = self.events.peek()? {
            self.events.next()?;
            return Ok(None);
        }
        seed.deserialize(&mut *self.events).map(Some)
    }
}

struct Entries<'e, 'de> {
    events: &'e mut Events<'de>,
    keys: Vec<Cow<'de, str>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.events.next()? {
            Event::MappingEnd => Ok(None),
            Event::Scalar(text, style, ..) => {
                string_scalar(&text, style)?;
                if style == ScalarStyle::Plain && maybe_non_finite(&text) {
                    return Err(declined!());
                }
                check_key(&mut self.keys, text.clone(), style)?;
                seed.deserialize(Key(text)).map(Some)
            }
            _ => Err(declined!()),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.events)
    }
}

/// A mapping key, already read.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visit_text(self.0, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    // A key is text; a number or a boolean key was declined before it got here.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_yaml_could_read_otherwise_are_not_plain_strings() {
        for word in [
            "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "~", "",
        ] {
            assert!(!is_plain_string(word), "{word}");
        }
        for number in [
            "08", "1.5", "0x1F", "1_000", "+12", ".inf", "-.Inf", ".NaN", "-0", "1e3", "1:20",
            "0o17", "Infinity",
        ] {
            assert!(!is_plain_string(number), "{number}");
        }
        for text in [
            "amd64",
            "NoSchedule",
            "m5.2xlarge",
            "yesterday",
            "eu-west-1a",
            "7850m",
            "29908740Ki",
            "5.10.210-197.279.amzn2.x86_64",
            "deadbeef",
        ] {
            assert!(is_plain_string(text), "{text}");
        }
    }

    #[test]
    fn what_might_be_a_non_finite_float_is_seen() {
        for t in [".inf", "-.Inf", "+.NAN", ".nan", "1e999", "9E400", "-1e400"] {
            assert!(maybe_non_finite(t), "{t}");
        }
        for t in [
            "inf",
            "nan",
            "10250",
            "489725226",
            "1.5",
            ".5",
            "eu-west-1",
            ".infx",
        ] {
            assert!(!maybe_non_finite(t), "{t}");
        }
    }

    #[test]
    fn anchors_aliases_tags_merge_keys_and_repeats_are_declined() {
        for text in [
            "kind: Node\nmetadata: &m {name: a}\n",
            "a: &x 1\nkind: Node\nmetadata: {name: *x}\n",
            "kind: Node\nmetadata: !!map {name: a}\n",
            "kind: Node\nmetadata: {<<: {name: a}}\n",
            "kind: Node\nmetadata: {name: a, name: b}\n",
            "kind: Node\nmetadata: {name: a, annotations: {x: 1, x: 2}}\n",
            "kind: Node\nmetadata: {name: a\n",
        ] {
            assert!(documents(text).is_err(), "{text}");
        }
        assert!(documents("kind: Node\nmetadata: {name: a}\n").is_ok());
    }
}
