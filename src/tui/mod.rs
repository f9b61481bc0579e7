//! The terminal app (DESIGN §8, the Elm pattern, synchronous): a keymap table per screen turns
//! keys into `Action`s, `App::update` decides without I/O and returns `Effect`s, the loop in
//! `run` performs them, and `impl Widget for &App` draws.

pub mod action;
pub mod app;
mod day_chart;
pub mod keymap;
mod manifest_view;
pub mod node_details;
mod placement_view;
pub mod question;
mod run;
pub mod screens;
pub mod scroll;
pub mod text;
pub mod theme;
mod view;

pub use action::{Action, Effect, Saved, Target};
pub use app::{App, Start};
pub use run::{Edge, Exit, Hooks, perform, perform_on, perform_with, run};
pub use theme::Theme;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
