//! Exercises built from decks and the placement engine, and their grading. Pure.

mod grade;

pub use grade::{
    NodeVerdict, PlacementGrade, grade_choice, grade_cloze, grade_placement, grade_truefalse,
};
