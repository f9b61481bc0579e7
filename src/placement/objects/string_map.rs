//! A map of strings to strings kept compactly: `metadata.labels` and a node's
//! `status.allocatable`.
//!
//! A 5,000-node `kubectl get nodes` listing carries ~40 labels a node, ~200,000 in all. As a
//! `BTreeMap<String, String>` each label is a tree slot and two heap strings, ~150 bytes: the
//! nodes' labels alone took about as much memory as the file they were read from (issue 17's
//! peak-RSS target is 2x the file). Here a node's keys and values sit back to back in one
//! string and each label is three offsets into it, ~60 bytes a label and one allocation a node.
//! Reading appends straight from the parser's text, so a label costs no allocation of its own.
//!
//! It behaves as the map it replaces: keys are unique and iterate in byte order (as `BTreeMap`
//! and the API's own sorted output), a key given twice keeps its last value (as
//! `BTreeMap`'s deserializer and `kubectl apply` of a JSON file do), and equality is by content.

use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// One label: `text[start..key_end]` is the key, `text[key_end..end]` the value. Offsets are
/// `u32` (12 bytes a label, not 24): one object's labels never come near 4 GiB of text, and
/// reading refuses them if they do.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    key_end: u32,
    end: u32,
}

impl Span {
    fn key(self) -> std::ops::Range<usize> {
        self.start as usize..self.key_end as usize
    }
    fn value(self) -> std::ops::Range<usize> {
        self.key_end as usize..self.end as usize
    }
}

/// `len` as an offset, if it fits.
fn offset(len: usize) -> Option<u32> {
    u32::try_from(len).ok()
}

/// Keys to values (label keys to label values, resource names to quantities), unique keys in
/// byte order.
#[derive(Clone, Default)]
pub struct StringMap {
    text: String,
    /// Sorted by key, keys unique.
    spans: Vec<Span>,
}

impl StringMap {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn key(&self, s: Span) -> &str {
        &self.text[s.key()]
    }

    fn value(&self, s: Span) -> &str {
        &self.text[s.value()]
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        // Bytes, not `str` slices: the same order (UTF-8 sorts as its code points do) without a
        // char-boundary check per probe.
        let text = self.text.as_bytes();
        self.spans
            .binary_search_by(|s| text[s.key()].cmp(key.as_bytes()))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|i| self.value(self.spans[i]))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Option<String> {
        let (key, value) = (key.as_ref(), value.as_ref());
        let old = self.remove(key);
        let span = self.push_text(key, value);
        // `remove` left the slot free: the key is absent now.
        let at = self.find(key).unwrap_or_else(|i| i);
        self.spans.insert(at, span);
        old
    }

    /// Removes `key`, returning its value. Its text stays in the buffer:
    /// removals are rare (drills editing a node), and small.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let i = self.find(key).ok()?;
        let span = self.spans.remove(i);
        Some(self.value(span).to_owned())
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &str)> + ExactSizeIterator + '_ {
        self.spans.iter().map(|s| (self.key(*s), self.value(*s)))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.spans.iter().map(|s| self.key(*s))
    }

    /// Maps built in code (drills, tests) hold a few short strings.
    fn push_text(&mut self, key: &str, value: &str) -> Span {
        let at = |len| offset(len).expect("labels built in code stay under 4 GiB of text");
        let start = at(self.text.len());
        self.text.push_str(key);
        let key_end = at(self.text.len());
        self.text.push_str(value);
        Span {
            start,
            key_end,
            end: at(self.text.len()),
        }
    }

    /// Entries pushed in input order, sorted and made unique (the last of a repeated key wins).
    fn from_pushed(mut text: String, mut spans: Vec<Span>) -> Self {
        let key = |s: &Span| &text[s.key()];
        // Stable: a repeated key's spans stay in input order, so the last is the one given last.
        spans.sort_by(|a, b| key(a).cmp(key(b)));
        let mut unique: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match unique.last_mut() {
                Some(last) if key(last) == key(&s) => *last = s,
                _ => unique.push(s),
            }
        }
        text.shrink_to_fit();
        unique.shrink_to_fit();
        StringMap {
            text,
            spans: unique,
        }
    }
}

impl PartialEq for StringMap {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for StringMap {}

impl fmt::Debug for StringMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut labels = StringMap::default();
        let spans = iter
            .into_iter()
            .map(|(k, v)| labels.push_text(k.as_ref(), v.as_ref()))
            .collect();
        StringMap::from_pushed(labels.text, spans)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> From<[(K, V); N]> for StringMap {
    fn from(items: [(K, V); N]) -> Self {
        items.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        map.into_iter().collect()
    }
}

impl From<&BTreeMap<String, String>> for StringMap {
    fn from(map: &BTreeMap<String, String>) -> Self {
        map.iter().collect()
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a str, &'a str);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a str)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for StringMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Appends one string (a key or a value) to the map's text, from whatever the parser hands
/// over: borrowed input, its scratch buffer or an owned string. Asks for a string as `String`
/// does, so a non-string value fails with the same words (`expected a string`).
struct AppendStr<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for AppendStr<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_string(self)
    }
}

impl Visitor<'_> for AppendStr<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringMap, A::Error> {
                // Room for a node's ~40 labels up front (shrunk to fit once read): growing by
                // doubling from empty reallocates and copies a dozen times a node.
                let hint = map.size_hint().unwrap_or(0);
                let mut text =
                    String::with_capacity(if hint > 0 { hint * 48 } else { 2048 }.min(1 << 16));
                let mut spans = Vec::with_capacity(if hint > 0 { hint } else { 48 }.min(4096));
                let at = |len| {
                    offset(len).ok_or_else(|| {
                        A::Error::custom("labels longer than 4 GiB of text in one object")
                    })
                };
                loop {
                    let start = at(text.len())?;
                    if map.next_key_seed(AppendStr(&mut text))?.is_none() {
                        break;
                    }
                    let key_end = at(text.len())?;
                    map.next_value_seed(AppendStr(&mut text))?;
                    spans.push(Span {
                        start,
                        key_end,
                        end: at(text.len())?,
                    });
                }
                Ok(StringMap::from_pushed(text, spans))
            }
        }
        de.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_sorted_map() {
        let mut l: StringMap = [("b", "2"), ("a", "1"), ("c", "3")].into();
        assert_eq!(l.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(l.get("b"), Some("2"));
        assert_eq!(l.get("bb"), None);
        assert_eq!(l.insert("b", "two"), Some("2".to_owned()));
        assert_eq!(l.insert("aa", ""), None);
        assert_eq!(l.remove("c"), Some("3".to_owned()));
        assert_eq!(l.remove("c"), None);
        assert_eq!(
            l.iter().collect::<Vec<_>>(),
            [("a", "1"), ("aa", ""), ("b", "two")]
        );
        let map: BTreeMap<String, String> = l
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let rebuilt: StringMap = map.into();
        assert_eq!(rebuilt, l);
        assert_eq!(format!("{l:?}"), r#"{"a": "1", "aa": "", "b": "two"}"#);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_as_a_btreemap_does() {
        let json = r#"{"z": "1", "a": "x", "z": "2", "m": "", "a": "y"}"#;
        let ours: StringMap = serde_json::from_str(json).unwrap();
        let map: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
        assert_eq!(ours, StringMap::from(&map));
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
    }

    #[test]
    fn a_value_that_is_not_a_string_fails_in_the_same_words() {
        for json in [
            r#"{"a": 1}"#,
            r#"{"a": null}"#,
            r#"["a"]"#,
            r#"{"a": {"b": "c"}}"#,
        ] {
            let ours = serde_json::from_str::<StringMap>(json)
                .unwrap_err()
                .to_string();
            let map = serde_json::from_str::<BTreeMap<String, String>>(json)
                .unwrap_err()
                .to_string();
            assert_eq!(ours, map, "{json}");
        }
    }
}
