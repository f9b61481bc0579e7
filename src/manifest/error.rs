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

    pub(crate) fn from_yaml(source: &str, e: &serde_saphyr::Error) -> Self {
        let message = plain_words(&e.to_string());
        match e.location() {
            Some(loc) if loc.line() > 0 => ManifestError::Syntax {
                source_name: source.to_owned(),
                line: loc.line(),
                column: loc.column(),
                message: strip_location(&message),
            },
            _ => ManifestError::Unplaced {
                source_name: source.to_owned(),
                message,
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

/// The YAML reader's messages in words a user knows: its advice to a programmer ("set
/// DuplicateKeyPolicy in Options") is left out.
fn plain_words(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate field {:?}", key.trim());
    }
    message.to_owned()
}
