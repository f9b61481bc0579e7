//! kubedrill: learn Kubernetes DaemonSets with drills, flashcards and a placement engine that
//! decides exactly like the DaemonSet controller.
//!
//! The core (`placement`, `manifest`, `predict`) is pure: no terminal, clock, randomness or
//! file access. `commands` is the edge that reads files and prints.

pub mod cli;
pub mod commands;
pub mod deck;
pub mod manifest;
pub mod placement;
pub mod predict;
