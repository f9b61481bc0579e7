use thiserror::Error;

/// A manifest that cannot be read. Every message names the source, and the line and column
/// where the parser knows them.
#[derive(Debug, Error)]
pub enum ManifestError {
    #[error("{source_name}:{line}:{column}: {message}")]
    Syntax {
        source_name: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{source_name}: {message}")]
    Unplaced {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: {place}: {message}")]
    Invalid {
        source_name: String,
        place: String,
        message: String,
    },
    #[error(
        "{source_name}: not UTF-8 text (invalid byte at offset {offset}); expected YAML or JSON"
    )]
    NotUtf8 { source_name: String, offset: usize },
    #[error("{source_name}: the file is empty; expected YAML or JSON with Kubernetes objects")]
    Empty { source_name: String },
}

impl ManifestError {
    pub(crate) fn from_json(source: &str, e: &serde_json::Error) -> Self {
        let full = e.to_string();
        // serde_json appends " at line L column C"; the location goes in front instead.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        if e.line() == 0 {
            return ManifestError::Unplaced {
                source_name: source.to_owned(),
                message,
            };
        }
        ManifestError::Syntax {
            source_name: source.to_owned(),
            line: e.line() as u64,
            column: e.column() as u64,
            message,
        }
    }

    /// A YAML reader's error, in words: the field it is about (found from its position in
    /// `text`), what the field must be and what was written, never the reader's internals.
    pub(crate) fn from_yaml(source: &str, e: &serde_saphyr::Error, text: &str) -> Self {
        let raw = strip_location(&e.to_string());
        match e.location() {
            Some(loc) if loc.line() > 0 => {
                let (line, column) = (loc.line(), loc.column());
                ManifestError::Syntax {
                    source_name: source.to_owned(),
                    line,
                    column,
                    message: plain_words(&raw, text, line, column),
                }
            }
            _ => ManifestError::Unplaced {
                source_name: source.to_owned(),
                message: plain_words(&raw, text, 0, 0),
            },
        }
    }
}

/// Drops a trailing " at line L, column C" that the YAML error may carry, since the location is
/// printed in front.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_owned(),
        None => first.to_owned(),
    }
}

/// The YAML reader's messages in words a user knows: the field's path and what it must be,
/// instead of the parser's events ("expected mapping start") or its advice to a programmer
/// ("set DuplicateKeyPolicy in Options", "use Option<String>", "budget breached").
fn plain_words(message: &str, text: &str, line: u64, column: u64) -> String {
    // The value at the reader's position, by its path; or, where the text does not parse,
    // the parser's own account of why.
    let found = || -> Result<Option<(String, String)>, String> {
        // The tree costs memory in proportion to the file: a large listing keeps the message
        // without its path rather than double its footprint.
        if text.len() > 8 << 20 {
            return Ok(None);
        }
        let docs =
            super::strict::documents(text, (text.len() / 2).max(250_000)).map_err(|e| e.message)?;
        let (Ok(line), Ok(column)) = (usize::try_from(line), usize::try_from(column)) else {
            return Ok(None);
        };
        let at = super::strict::Pos { line, column };
        Ok(super::strict::path_at(&docs, at).map(|(path, node)| (path, node.describe())))
    };
    let must = |what: &str| match found() {
        Ok(Some((path, got))) => format!("{path}: must be {what}, not {got}"),
        Ok(None) => format!("must be {what} here"),
        Err(syntax) => syntax,
    };
    let mut words = if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        let path = found().ok().flatten().map(|(path, _)| path);
        format!(
            "duplicate field {:?}",
            path.as_deref().unwrap_or(key.trim())
        )
    } else if message.starts_with("expected mapping start") {
        must("a mapping (key: value lines)")
    } else if message.starts_with("expected sequence start") {
        must("a list (lines starting with -)")
    } else if message.starts_with("expected string scalar")
        || message.starts_with("cannot deserialize null into string")
    {
        must("a string")
    } else if message.starts_with("invalid boolean") {
        must("true or false")
    } else if message.starts_with("budget breached: Depth") {
        "nested more than 64 levels deep; no Kubernetes object is, so kubedrill stops reading here"
            .to_owned()
    } else if message.starts_with("budget breached") {
        "the file expands to far more values than its size holds (an alias repeated over and over?); kubedrill stops reading here".to_owned()
    } else {
        message.to_owned()
    };
    // `{{ }}` in a file is almost always a chart template that was never rendered.
    if text.contains("{{") && text.contains("}}") {
        words.push_str(
            " (the file holds {{ }}: a Helm template? render it first: helm template RELEASE CHART | kubedrill predict -n NODES -d -)",
        );
    }
    words
}
