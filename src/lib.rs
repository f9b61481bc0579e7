pub mod manifest;
pub mod placement;
