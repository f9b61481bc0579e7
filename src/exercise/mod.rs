//! Exercises built from decks and the placement engine, and their grading. Pure.

mod grade;
mod question;
mod quiz;
mod write_card;

pub use grade::{
    NodeVerdict, PlacementGrade, grade_choice, grade_cloze, grade_placement, grade_truefalse,
};
pub use question::{Prompt, Question, Response};
pub use quiz::{Asked, DEEP_DIVE, QuizFilter, QuizScore, pick_quiz, score_quiz};
pub use write_card::{grade_write, write_expected};
pub mod drill;
pub use drill::{Difficulty, Drill, DrillKind, DrillScore};
