//! Terminal output: colour only on a terminal and only when wanted, text from files made inert,
//! and a closed pipe treated as a normal end.

use std::io::{self, IsTerminal, Write};

/// Colour on stdout only when it is a terminal, `--no-color` is absent and `NO_COLOR` is unset
/// or empty (https://no-color.org).
pub fn color_wanted(no_color_flag: bool) -> bool {
    let env_says_no = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !env_says_no && io::stdout().is_terminal()
}

#[derive(Clone, Copy)]
pub enum Paint {
    Green,
    Yellow,
    Red,
    Dim,
    Bold,
}

pub fn paint(text: &str, p: Paint, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match p {
        Paint::Green => "32",
        Paint::Yellow => "33",
        Paint::Red => "31",
        Paint::Dim => "2",
        Paint::Bold => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Text that came from a file, made safe to print: control characters (escape sequences
/// included) are shown as `\u{..}` instead of reaching the terminal.
pub fn inert(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Writes to stdout; a reader that went away (`| head`) ends the output quietly.
pub fn write_out(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Does the locale say UTF-8? As the C library decides: the first of LC_ALL, LC_CTYPE and LANG
/// that is set; none at all is the C locale, which is ASCII.
pub fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// Text for a terminal whose locale may not be UTF-8: the arrow becomes `->` there.
pub fn for_locale(text: &str) -> String {
    if utf8_locale() {
        text.to_owned()
    } else {
        text.replace('→', "->")
    }
}
