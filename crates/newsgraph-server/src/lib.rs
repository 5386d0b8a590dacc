//! x

pub mod ui;
