//! One file per screen: its state, its keymap tables, its `update` and its drawing.

pub mod browse;
mod browse_view;
pub mod compare;
pub mod drill;
mod drill_keys;
pub mod home;
pub mod learn;
pub mod quiz;
pub mod review;
pub mod stats;
