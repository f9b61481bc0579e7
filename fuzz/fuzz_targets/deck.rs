#![no_main]
//! Arbitrary bytes into the deck parser, as a user deck and as a shipped one (which must cite
//! sources): it must return a deck or errors, never panic. Errors are rendered as `check` would.

use kubedrill::deck::{Origin, parse_deck};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for origin in [Origin::File("fuzz.toml".into()), Origin::Shipped("decks/fuzz.toml".into())] {
        match parse_deck("fuzz.toml", text, origin) {
            Ok(deck) => {
                let _ = deck.items();
            }
            Err(errors) => {
                for e in errors {
                    let _ = e.to_string();
                }
            }
        }
    }
});
