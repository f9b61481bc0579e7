//! Text from decks and manifests is shown inert: control characters and escape sequences are
//! written out as `\u{1b}` instead of reaching the terminal.

/// One line of untrusted text, made safe to draw. Tabs become spaces; every other control
/// character (ESC, BEL, CR, ...) is shown escaped.
pub fn inert(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\t' => "    ".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Multi-line untrusted text: split on newlines, each line made inert.
pub fn inert_lines(text: &str) -> Vec<String> {
    text.lines().map(inert).collect()
}

/// A string cut to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else if width == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

/// How many rows `text` takes when words are wrapped greedily at `width` columns (as
/// `Paragraph` with `Wrap` does; a word longer than a row is broken), to size a box for it.
pub fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.lines()
        .map(|line| {
            let mut rows = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let len = word.chars().count();
                let need = if used == 0 { len } else { used + 1 + len };
                if need <= width {
                    used = need;
                } else {
                    rows += usize::from(used > 0) + (len.saturating_sub(1)) / width;
                    used = (len - 1) % width + 1;
                }
            }
            rows
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(inert("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(inert("bell\u{7}"), "bell\\u{7}");
        assert_eq!(inert_lines("x\ny\r"), vec!["x", "y\\u{d}"]);
    }
}
